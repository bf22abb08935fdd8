//! rasd's operational metrics: counters and gauges, rendered in the Prometheus text exposition
//! format (version 0.0.4), and a tiny HTTP listener that serves them at `/metrics`.
//!
//! A [`Registry`] is shared (`Arc`) between the code that updates metrics and whatever exposes
//! them: `rasd worker --metrics ADDR` uses [`serve`]; a server with its own HTTP stack mounts
//! [`Registry::render`] on its router and answers with [`CONTENT_TYPE`].
//!
//! Handles ([`Counter`], [`Gauge`]) are cheap clones of an atomic cell: updating a metric takes
//! no lock. Series are kept in registration order, grouped by metric name, so the output is
//! stable.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The `Content-Type` of [`Registry::render`]'s output.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Counter,
    Gauge,
}

/// A float in an atomic cell.
#[derive(Clone, Debug, Default)]
struct Cell(Arc<AtomicU64>);

impl Cell {
    fn get(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::Relaxed))
    }
    fn set(&self, v: f64) {
        self.0.store(v.to_bits(), Ordering::Relaxed);
    }
    fn add(&self, d: f64) {
        let mut cur = self.0.load(Ordering::Relaxed);
        loop {
            let new = (f64::from_bits(cur) + d).to_bits();
            match self.0.compare_exchange_weak(cur, new, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return,
                Err(x) => cur = x,
            }
        }
    }
}

/// A monotonically increasing count.
#[derive(Clone, Debug)]
pub struct Counter(Cell);

impl Counter {
    pub fn inc(&self) {
        self.0.add(1.0);
    }
    pub fn inc_by(&self, n: f64) {
        if n > 0.0 {
            self.0.add(n);
        }
    }
    pub fn get(&self) -> f64 {
        self.0.get()
    }
}

/// A value that goes up and down.
#[derive(Clone, Debug)]
pub struct Gauge(Cell);

impl Gauge {
    pub fn set(&self, v: f64) {
        self.0.set(v);
    }
    pub fn get(&self) -> f64 {
        self.0.get()
    }
}

struct Series {
    name: String,
    help: String,
    kind: Kind,
    labels: Vec<(String, String)>,
    cell: Cell,
}

/// A set of metrics.
#[derive(Default)]
pub struct Registry {
    series: Mutex<Vec<Series>>,
}

fn valid_name(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn escape_label(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf".into() } else { "-Inf".into() }
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

impl Registry {
    pub fn new() -> Registry {
        Registry::default()
    }

    fn register(&self, name: &str, help: &str, kind: Kind, labels: &[(&str, &str)]) -> Cell {
        assert!(valid_name(name), "invalid metric name {name:?}");
        for (k, _) in labels {
            assert!(valid_name(k) && !k.starts_with("__"), "invalid label name {k:?}");
        }
        let labels: Vec<(String, String)> = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = series.iter().find(|s| s.name == name && s.labels == labels) {
            assert_eq!(s.kind, kind, "metric {name} registered as two kinds");
            return s.cell.clone();
        }
        let cell = Cell::default();
        series.push(Series { name: name.to_string(), help: help.to_string(), kind, labels, cell: cell.clone() });
        cell
    }

    /// A counter (registering the same name and labels again returns the same counter).
    pub fn counter(&self, name: &str, help: &str, labels: &[(&str, &str)]) -> Counter {
        Counter(self.register(name, help, Kind::Counter, labels))
    }

    /// A gauge (registering the same name and labels again returns the same gauge).
    pub fn gauge(&self, name: &str, help: &str, labels: &[(&str, &str)]) -> Gauge {
        Gauge(self.register(name, help, Kind::Gauge, labels))
    }

    /// Every series in the Prometheus text format: per metric name a `# HELP` and a `# TYPE`
    /// line, then one line per label set.
    pub fn render(&self) -> String {
        let series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let mut names: Vec<&str> = Vec::new();
        for s in series.iter() {
            if !names.contains(&s.name.as_str()) {
                names.push(&s.name);
            }
        }
        let mut out = String::new();
        for name in names {
            let mut group = series.iter().filter(|s| s.name == name).peekable();
            let first = group.peek().expect("a name comes from a series");
            let _ = writeln!(out, "# HELP {name} {}", first.help.replace('\\', "\\\\").replace('\n', "\\n"));
            let _ = writeln!(out, "# TYPE {name} {}", if first.kind == Kind::Counter { "counter" } else { "gauge" });
            for s in group {
                if s.labels.is_empty() {
                    let _ = writeln!(out, "{name} {}", number(s.cell.get()));
                } else {
                    let ls: Vec<String> = s.labels.iter().map(|(k, v)| format!("{k}=\"{}\"", escape_label(v))).collect();
                    let _ = writeln!(out, "{name}{{{}}} {}", ls.join(","), number(s.cell.get()));
                }
            }
        }
        out
    }
}

/// Serves `GET /metrics` (and `/`) from a background thread; returns the bound address
/// (`127.0.0.1:0` picks a free port). Other paths get 404, other methods 405. Each connection
/// is read for at most 5 s and 8 KiB of request head, answered and closed.
pub fn serve(addr: &str, registry: Arc<Registry>) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    std::thread::Builder::new().name("rasd-metrics".into()).spawn(move || {
        for conn in listener.incoming() {
            match conn {
                Ok(stream) => {
                    let _ = answer(stream, &registry);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    })?;
    Ok(local)
}

fn answer(mut stream: TcpStream, registry: &Registry) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 8192 {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(head.split(|&b| b == b'\n').next().unwrap_or(b""));
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = path.split('?').next().unwrap_or("");
    let (status, ctype, body) = match (method, path) {
        ("GET" | "HEAD", "/metrics" | "/") => ("200 OK", CONTENT_TYPE, registry.render()),
        ("GET" | "HEAD", _) => ("404 Not Found", "text/plain; charset=utf-8", "not found: try /metrics\n".to_string()),
        _ => ("405 Method Not Allowed", "text/plain; charset=utf-8", "only GET\n".to_string()),
    };
    let mut resp =
        format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
    if method != "HEAD" {
        resp.extend_from_slice(body.as_bytes());
    }
    stream.write_all(&resp)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_text_format() {
        let r = Registry::new();
        let stored = r.counter("rasd_articles_total", "Articles by outcome.", &[("outcome", "stored")]);
        let failed = r.counter("rasd_articles_total", "Articles by outcome.", &[("outcome", "failed")]);
        let lag = r.gauge("rasd_queue_pending", "Messages waiting.", &[]);
        stored.inc_by(3.0);
        stored.inc();
        failed.inc();
        lag.set(12.5);
        let text = r.render();
        assert_eq!(
            text,
            "# HELP rasd_articles_total Articles by outcome.\n# TYPE rasd_articles_total counter\nrasd_articles_total{outcome=\"stored\"} 4\nrasd_articles_total{outcome=\"failed\"} 1\n# HELP rasd_queue_pending Messages waiting.\n# TYPE rasd_queue_pending gauge\nrasd_queue_pending 12.5\n"
        );
        // The same name and labels give the same series.
        r.counter("rasd_articles_total", "Articles by outcome.", &[("outcome", "stored")]).inc();
        assert_eq!(stored.get(), 5.0);
    }

    #[test]
    fn label_values_are_escaped() {
        let r = Registry::new();
        r.gauge("g", "h", &[("path", "a\"b\\c\nd")]).set(1.0);
        assert!(r.render().contains("g{path=\"a\\\"b\\\\c\\nd\"} 1\n"), "{}", r.render());
    }

    #[test]
    fn counters_add_from_many_threads() {
        let r = Arc::new(Registry::new());
        let c = r.counter("c_total", "h", &[]);
        let hs: Vec<_> = (0..4)
            .map(|_| {
                let c = c.clone();
                std::thread::spawn(move || {
                    for _ in 0..1000 {
                        c.inc();
                    }
                })
            })
            .collect();
        for h in hs {
            h.join().unwrap();
        }
        assert_eq!(c.get(), 4000.0);
    }

    #[test]
    fn serves_metrics_over_http() {
        let r = Arc::new(Registry::new());
        r.counter("rasd_test_total", "A test counter.", &[]).inc_by(7.0);
        let addr = serve("127.0.0.1:0", r).unwrap();
        let get = |path: &str| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            out
        };
        let ok = get("/metrics");
        assert!(ok.starts_with("HTTP/1.1 200 OK\r\n"), "{ok}");
        assert!(ok.contains("Content-Type: text/plain; version=0.0.4"), "{ok}");
        assert!(ok.ends_with("# TYPE rasd_test_total counter\nrasd_test_total 7\n"), "{ok}");
        assert!(get("/nope").starts_with("HTTP/1.1 404"));
    }
}
