// The filters of the list views, as they live in the URL hash and as the API takes them.
//
// Modality: without a `modality` parameter in the hash the views show what the reports say
// happened (asserted or reported); `modality=any` shows every modality; other values are sent
// as they are. The default is said on the page, and one click away from the rest.

export const FILTERS = ['actor', 'type', 'modality', 'country', 'from', 'to', 'near', 'text', 'source'];
export const MODALITIES = ['asserted', 'reported', 'future', 'hedged', 'hypothetical', 'negated'];
export const HAPPENED = ['asserted', 'reported'];

/// The filter parameters of `params` only (values trimmed, empty ones dropped).
export function filterParams(params) {
  const out = new URLSearchParams();
  for (const k of FILTERS) for (const v of params.getAll(k)) if (v.trim()) out.append(k, v.trim());
  return out;
}

/// The modalities the view shows: the hash's, or the default.
export function modalitiesOf(params) {
  const given = params.getAll('modality').flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  if (!given.length) return HAPPENED;
  if (given.includes('any')) return MODALITIES;
  return MODALITIES.filter((m) => given.includes(m));
}

/// Whether the view uses the default modalities (no `modality` in the hash).
export function defaultModality(params) {
  return !params.getAll('modality').some((v) => v.trim());
}

/// The API's query for the hash's filters: the modality default applied, `any` dropped.
export function apiFilter(params) {
  const f = filterParams(params);
  f.delete('modality');
  const ms = modalitiesOf(params);
  if (ms.length < MODALITIES.length) f.set('modality', ms.join(','));
  return f;
}

/// The hash's filters for a set of checked modalities: nothing for the default, `any` for all.
export function modalityParam(checked) {
  const set = MODALITIES.filter((m) => checked.includes(m));
  if (set.length === HAPPENED.length && HAPPENED.every((m) => set.includes(m))) return null;
  if (set.length === MODALITIES.length || set.length === 0) return 'any';
  return set.join(',');
}
