// Builds dist/ — the files `rasd serve` embeds — from src/ and the npm packages: no bundler, the
// libraries' own minified builds are copied as they are. Run `npm ci && npm run build` after
// changing src/ or package.json, and commit dist/ (cargo builds never run npm).

import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const mod = (p) => join(here, 'node_modules', p);

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'vendor'), { recursive: true });
mkdirSync(join(dist, 'world'), { recursive: true });

for (const f of readdirSync(join(here, 'src'))) cpSync(join(here, 'src', f), join(dist, f));

const vendor = [
  ['leaflet/dist/leaflet.js', 'leaflet.js'],
  ['leaflet/dist/leaflet.css', 'leaflet.css'],
  ['cytoscape/dist/cytoscape.min.js', 'cytoscape.min.js'],
  ['topojson-client/dist/topojson-client.min.js', 'topojson-client.min.js'],
];
for (const [from, to] of vendor) cpSync(mod(from), join(dist, 'vendor', to));
cpSync(mod('world-atlas/countries-50m.json'), join(dist, 'world', 'countries-50m.json'));

const version = (p) => JSON.parse(readFileSync(mod(`${p}/package.json`), 'utf8')).version;
const licence = (p) => readFileSync(mod(`${p}/LICENSE`), 'utf8').trim();
const parts = [
  'Third-party files served by rasd\'s web UI',
  '==========================================',
  '',
  'world/countries-50m.json: Natural Earth 1:50m Admin 0 country boundaries (version 4.1.0), public domain',
  '(https://www.naturalearthdata.com/about/terms-of-use/), as TopoJSON from the npm package',
  `world-atlas ${version('world-atlas')} by Michael Bostock, under the ISC licence below.`,
  '',
];
for (const [pkg, file] of [['world-atlas', 'world/countries-50m.json'], ['leaflet', 'vendor/leaflet.js, vendor/leaflet.css'], ['cytoscape', 'vendor/cytoscape.min.js'], ['topojson-client', 'vendor/topojson-client.min.js']]) {
  parts.push(`--- ${pkg} ${version(pkg)} (${file}) ---`, '', licence(pkg), '');
}
writeFileSync(join(dist, 'LICENSES.txt'), parts.join('\n'));

let total = 0;
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else total += readFileSync(p).length;
  }
};
walk(dist);
console.log(`dist/ written: ${(total / 1024).toFixed(0)} KiB`);
