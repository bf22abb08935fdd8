//! The incremental merge ([`Store::update_merged`]) against the full rebuild
//! ([`Store::rebuild_merged`]) on a generated set of short reports: the same articles written to
//! two databases in the same order, a few at a time; after each step one database is merged
//! incrementally and the other rebuilt from scratch, and the two must hold the same merged events
//! (content dump, and the same ids for the same keys).
//!
//! The reports are written for this test: meetings, agreements and accusations between a few
//! leaders on nearby days, in a few cities or in none, often two in one article (two events of
//! one article never merge, so a new report can change which of the stored reports join).

use std::path::PathBuf;

use rasd_pipeline::{Options, analyze};
use rasd_read::{InputFormat, read_inputs};
use rasd_store::{CodedDocument, EventFilter, Page, Store, content_hash};

const ACTORS: [&str; 5] = [
    "الرئيس الروسي فلاديمير بوتين",
    "الرئيس التركي رجب طيب أردوغان",
    "الرئيس الجزائري عبد المجيد تبون",
    "المشير خليفة حفتر",
    "وزير الخارجية الروسي سيرغي لافروف",
];
const CITIES: [&str; 4] = ["موسكو", "أنقرة", "الجزائر", "بنغازي"];
const DAYS: [&str; 4] = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء"];

struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
    fn pair(&mut self) -> (&'static str, &'static str) {
        let a = self.next(ACTORS.len());
        let b = (a + 1 + self.next(ACTORS.len() - 1)) % ACTORS.len();
        (ACTORS[a], ACTORS[b])
    }
}

fn sentence(rng: &mut Rng) -> String {
    let (a, b) = rng.pair();
    // Now and then no day: the event stands for the days before publication.
    let day = match rng.next(DAYS.len() + 2) {
        i if i < DAYS.len() => format!(" يوم {}", DAYS[i]),
        _ => String::new(),
    };
    let place = match rng.next(CITIES.len() + 1) {
        0 => String::new(),
        i => format!(" في {}", CITIES[i - 1]),
    };
    match rng.next(4) {
        0 | 1 => format!("التقى {a} {b}{place}{day}، وبحث الجانبان العلاقات الثنائية."),
        2 => format!("وقع {a} و{b}{place}{day} اتفاقا للتعاون الاقتصادي."),
        _ => format!("اتهم {a}{day} {b} بعرقلة الحل السياسي."),
    }
}

/// `n` reports as JSON Lines (one or two events each, published over ten days), coded.
fn generated(n: usize) -> Vec<CodedDocument> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut lines = String::new();
    for i in 0..n {
        let mut text = sentence(&mut rng);
        if rng.next(2) == 0 {
            text.push('\n');
            text.push_str(&sentence(&mut rng));
        }
        let rec = serde_json::json!({
            "id": format!("inc-{i}"),
            "date": format!("2025-03-{:02}", 10 + rng.next(10)),
            "source": format!("outlet {}", rng.next(5)),
            "text": text,
        });
        lines.push_str(&rec.to_string());
        lines.push('\n');
    }
    let path: PathBuf = std::env::temp_dir().join(format!("rasd-merge-incremental-{}-{n}.jsonl", std::process::id()));
    std::fs::write(&path, lines).unwrap();
    let mut docs = Vec::new();
    read_inputs(&[path.display().to_string()], InputFormat::Auto, &mut |r| {
        let d = r.expect("generated records read");
        let hash = content_hash(&d);
        docs.push(CodedDocument::from_analysis(&analyze(d, &Options::default()), hash));
    });
    std::fs::remove_file(&path).unwrap();
    docs
}

fn dump(s: &Store) -> String {
    let mut out = Vec::new();
    s.content_dump(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// (id, key) of every merged event, by id.
fn ids(s: &Store) -> Vec<(i64, String)> {
    let (_, evs) = s.events(&EventFilter::default(), Page::all()).unwrap();
    let mut out: Vec<(i64, String)> = evs.into_iter().map(|e| (e.id, e.key)).collect();
    out.sort();
    out
}

#[test]
fn an_incremental_merge_gives_what_a_full_rebuild_gives() {
    let docs = generated(160);
    assert_eq!(docs.len(), 160);
    let mut inc = Store::open_in_memory().unwrap();
    let mut full = Store::open_in_memory().unwrap();
    let (mut at, mut step) = (0, 0);
    let mut joined_stored = false;
    let mut undated = 0;
    // Steps of one, a few and many articles.
    for size in [20, 1, 1, 3, 1, 12, 1, 2, 40, 1, 1, 5, 1, 30, 1, 1, 40] {
        let chunk = &docs[at..(at + size).min(docs.len())];
        at += chunk.len();
        inc.write_batch(chunk, "2025-04-01T00:00:00Z").unwrap();
        full.write_batch(chunk, "2025-04-01T00:00:00Z").unwrap();
        let a = inc.update_merged().unwrap();
        let b = full.rebuild_merged().unwrap();
        assert_eq!(b.reclustered, None, "a rebuild is a full one");
        if step > 0 {
            let n = a.reclustered.expect("merged incrementally");
            let new = chunk.iter().map(|d| d.events.len()).sum::<usize>();
            assert!(n >= new, "step {step}: {n} reclustered, {new} new events");
            joined_stored |= n > new;
        }
        assert_eq!((a.events, a.merged_events, a.multi_document), (b.events, b.merged_events, b.multi_document), "step {step}");
        assert_eq!(dump(&inc), dump(&full), "step {step}");
        assert_eq!(ids(&inc), ids(&full), "step {step}");
        undated += chunk.iter().flat_map(|d| &d.events).filter(|e| e.date.is_none()).count();
        step += 1;
    }
    assert_eq!(at, docs.len());
    let c = full.counts().unwrap();
    assert!(c.events > 150 && c.merged_events < c.events, "{c:?}: the set must merge");
    assert!(joined_stored, "some new article must have changed stored merged events");
    assert!(undated > 10, "{undated} undated events");
}

/// A merged event keeps its id (derived from its members' content keys) when later articles
/// merge elsewhere, and an undone merge stays undone on incremental merges.
#[test]
fn merged_ids_stay_and_undone_merging_stays_undone() {
    let mut docs = generated(70);
    let more = docs.split_off(60);
    let later = docs.split_off(40);
    let mut s = Store::open_in_memory().unwrap();
    s.write_batch(&docs, "2025-04-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();
    let before = ids(&s);
    s.write_batch(&later, "2025-04-01T00:00:00Z").unwrap();
    let st = s.update_merged().unwrap();
    assert!(st.reclustered.is_some());
    let after = ids(&s);
    let kept = before.iter().filter(|x| after.contains(x)).count();
    assert!(kept > 0, "no merged event kept its id and key ({} before)", before.len());
    for (id, key) in &after {
        let d = s.event(*id).unwrap().unwrap();
        assert_eq!(&d.summary.key, key);
        assert_eq!(
            *id,
            ((u64::from_str_radix(&key[1..], 16).unwrap() >> 11) as i64).max(1),
            "a merged event's id is its key's first 53 bits"
        );
    }

    s.undo_merge().unwrap();
    s.write_batch(&more, "2025-04-01T00:00:00Z").unwrap();
    let st = s.update_merged().unwrap();
    assert_eq!(st.reclustered, Some(more.iter().map(|d| d.events.len()).sum::<usize>()));
    assert_eq!(st.merged_events, st.events, "merging undone: one merged event per event");
}
