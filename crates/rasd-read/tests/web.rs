//! HTML, feed and WARC fixtures (built by `tools/web/build_fixtures.py` around texts written for
//! rasd): every body paragraph is extracted, no boilerplate is, metadata is read, and damaged
//! inputs give per-record errors while every other record is read.

use std::path::{Path, PathBuf};

use rasd_core::{Date, Document, PublishedBasis};
use rasd_read::{InputFormat, ReadError, read_inputs};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/web")
}

fn expected() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixtures().join("expected.json")).unwrap()).unwrap()
}

fn read(path: &Path, format: InputFormat) -> Vec<Result<Document, ReadError>> {
    let mut out = Vec::new();
    read_inputs(&[path.display().to_string()], format, &mut |r| out.push(r));
    out
}

fn strs(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

/// Every paragraph present, each as its own paragraph; no boilerplate string anywhere.
fn check_text(what: &str, text: &str, paragraphs: &[String], boilerplate: &[String]) {
    let paras: Vec<&str> = text.split("\n\n").collect();
    for p in paragraphs {
        assert!(paras.contains(&p.as_str()), "{what}: paragraph missing or merged: {p}\n--- text ---\n{text}");
    }
    for b in boilerplate {
        assert!(!text.contains(b.as_str()), "{what}: boilerplate {b:?} in the text\n--- text ---\n{text}");
    }
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn pages_keep_every_paragraph_and_no_boilerplate() {
    let exp = expected();
    let boiler = strs(&exp["boilerplate"]);
    let pages = exp["pages"].as_object().unwrap();
    assert!(pages.len() >= 6);
    for (name, e) in pages {
        let got = read(&fixtures().join(name), InputFormat::Auto);
        assert_eq!(got.len(), 1, "{name}");
        let d = got.into_iter().next().unwrap().unwrap_or_else(|err| panic!("{name}: {err}"));
        check_text(name, &d.text, &strs(&e["paragraphs"]), &boiler);
        assert_eq!(d.meta.title.as_deref(), e["title"].as_str(), "{name}: title");
        assert!(!d.text.contains(e["title"].as_str().unwrap()), "{name}: the title is metadata, not text");
        assert_eq!(d.meta.published, Some(date(e["published"].as_str().unwrap())), "{name}: published");
        assert_eq!(d.meta.published_basis, PublishedBasis::Header);
        assert_eq!(d.meta.url.as_deref(), e["url"].as_str(), "{name}: url");
        assert_eq!(d.body_start, 0);
        assert!(d.meta.warnings.is_empty(), "{name}: {:?}", d.meta.warnings);
    }
}

#[test]
fn site_names_come_from_the_page() {
    let d = read(&fixtures().join("pages/amman-visit.html"), InputFormat::Html).pop().unwrap().unwrap();
    assert_eq!(d.meta.source.as_deref(), Some("صحيفة الأفق"));
}

#[test]
fn broken_html_still_yields_its_paragraphs() {
    let exp = expected();
    let got = read(&fixtures().join("broken/broken.html"), InputFormat::Auto);
    let d = got.into_iter().next().unwrap().expect("a broken page is still read");
    let paras = strs(&exp["broken"]["paragraphs"]);
    for p in &paras {
        assert!(d.text.contains(p.as_str()), "missing: {p}\n{}", d.text);
    }
    assert!(!d.text.contains("الصفحة الرئيسية") && !d.text.contains("شارك على فيسبوك"), "{}", d.text);
    assert!(d.meta.warnings.iter().any(|w| w.contains("invalid UTF-8")), "{:?}", d.meta.warnings);
}

#[test]
fn rss_items_dates_and_a_malformed_item() {
    let got = read(&fixtures().join("feeds/alofoq.rss"), InputFormat::Auto);
    assert_eq!(got.len(), 5, "one result per item");
    let exp = expected();
    let boiler = strs(&exp["boilerplate"]);
    let page = |slug: &str| exp["pages"][format!("pages/{slug}.html")].clone();

    let d1 = got[0].as_ref().unwrap();
    assert_eq!(d1.meta.path, format!("{}:item 1", fixtures().join("feeds/alofoq.rss").display()));
    assert_eq!(d1.meta.source.as_deref(), Some("صحيفة الأفق"));
    assert_eq!(d1.meta.url.as_deref(), page("amman-visit")["url"].as_str());
    assert_eq!(d1.meta.published, Some(date("2025-03-04")));
    // content:encoded (the full text) wins over the one-paragraph description.
    check_text("item 1", &d1.text, &strs(&page("amman-visit")["paragraphs"]), &boiler);

    // A date feed-rs cannot read goes to rasd's parser.
    let d2 = got[1].as_ref().unwrap();
    assert_eq!(d2.meta.published, Some(date("2024-11-12")));
    check_text("item 2", &d2.text, &strs(&page("rabat-nouakchott")["paragraphs"]), &boiler);

    let e3 = got[2].as_ref().unwrap_err();
    assert!(e3.input.ends_with("alofoq.rss:item 3"), "{e3}");
    assert!(e3.message.contains("malformed item"), "{e3}");

    // A bad date: a warning, no date, the item still read.
    let d4 = got[3].as_ref().unwrap();
    assert_eq!(d4.meta.published, None);
    assert!(d4.meta.warnings.iter().any(|w| w.contains("قبل ساعتين")), "{:?}", d4.meta.warnings);
    assert!(d4.text.contains("تظاهر مئات المعلمين"));

    // 23:30 at +03:00 is still the 17th locally (the 17th at 20:30 UTC, but never shifted).
    let d5 = got[4].as_ref().unwrap();
    assert_eq!(d5.meta.published, Some(date("2025-02-17")));
    // Items have distinct ids.
    let ids: std::collections::HashSet<&str> = got.iter().filter_map(|r| r.as_ref().ok()).map(|d| d.meta.id.as_str()).collect();
    assert_eq!(ids.len(), 4);
}

#[test]
fn atom_entries() {
    let got = read(&fixtures().join("feeds/alyaqeen.atom"), InputFormat::Auto);
    assert_eq!(got.len(), 3);
    let exp = expected();
    let boiler = strs(&exp["boilerplate"]);
    let d = got[0].as_ref().unwrap();
    assert_eq!(d.meta.source.as_deref(), Some("موقع الخبر اليقين"));
    assert_eq!(d.meta.published, Some(date("2025-02-18")));
    check_text("entry 1", &d.text, &strs(&exp["pages"]["pages/jeddah-talks.html"]["paragraphs"]), &boiler);
    // An entry with only `updated`.
    assert_eq!(got[2].as_ref().unwrap().meta.published, Some(date("2025-01-22")));
}

/// The WARC fixture's documents: one per HTML 200 response, in order.
fn check_crawl(got: &[Result<Document, ReadError>], name: &str) {
    let exp = expected();
    let boiler = strs(&exp["boilerplate"]);
    let pages: Vec<(&String, &serde_json::Value)> = exp["pages"].as_object().unwrap().iter().collect();
    let docs: Vec<&Document> = got.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(docs.len(), pages.len(), "{name}: one document per HTML page; {got:?}");
    for d in &docs {
        let (_, e) = pages
            .iter()
            .find(|(_, e)| e["target"].as_str() == d.meta.url.as_deref())
            .unwrap_or_else(|| panic!("{name}: unexpected {:?}", d.meta.url));
        check_text(&d.meta.path, &d.text, &strs(&e["paragraphs"]), &boiler);
        assert!(d.meta.path.contains(":record "), "{}", d.meta.path);
        assert_eq!(d.meta.published, Some(date(e["published"].as_str().unwrap())));
    }
}

#[test]
fn warc_plain_and_gzip() {
    for f in ["warc/crawl.warc", "warc/crawl.warc.gz"] {
        let got = read(&fixtures().join(f), InputFormat::Auto);
        assert!(got.iter().all(|r| r.is_ok()), "{f}: {:?}", got.iter().filter_map(|r| r.as_ref().err()).collect::<Vec<_>>());
        check_crawl(&got, f);
    }
    // The same through an explicit format, and ids from the record ids are distinct.
    let got = read(&fixtures().join("warc/crawl.warc.gz"), InputFormat::Warc);
    let ids: std::collections::HashSet<String> = got.iter().map(|r| r.as_ref().unwrap().meta.id.clone()).collect();
    assert_eq!(ids.len(), got.len());
}

#[test]
fn truncated_gzip_names_the_record_and_keeps_the_others() {
    let got = read(&fixtures().join("warc/truncated.warc.gz"), InputFormat::Auto);
    let errs: Vec<&ReadError> = got.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errs.len(), 1, "{errs:?}");
    let total = expected()["warc_records"].as_u64().unwrap();
    assert!(errs[0].input.ends_with(&format!("truncated.warc.gz:record {total}")), "{}", errs[0]);
    assert!(errs[0].message.contains("truncated gzip member"), "{}", errs[0]);
    // The last record is the English page's response: every other page is read.
    assert_eq!(got.iter().filter(|r| r.is_ok()).count(), expected()["pages"].as_object().unwrap().len() - 1);
}

#[test]
fn invalid_warc_headers_are_per_record() {
    let got = read(&fixtures().join("warc/bad_header.warc"), InputFormat::Auto);
    let errs: Vec<&ReadError> = got.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].input.ends_with("bad_header.warc:record 3") && errs[0].message.contains("invalid WARC header"), "{}", errs[0]);
    assert!(errs[1].message.contains("invalid WARC header"), "{}", errs[1]);
    assert!(errs[1].input.ends_with("bad_header.warc:record 5"), "{}", errs[1]);
    // Record 3 is the first page's response and record 5 the second's: the other pages are read.
    let ok = got.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, expected()["pages"].as_object().unwrap().len() - 2, "{got:?}");
}

#[test]
fn a_damaged_gzip_member_loses_only_its_record() {
    let got = read(&fixtures().join("warc/damaged.warc.gz"), InputFormat::Auto);
    let errs: Vec<&ReadError> = got.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(!errs.is_empty() && errs.len() <= 2, "{errs:?}");
    assert!(errs.iter().any(|e| e.message.contains("gzip member")), "{errs:?}");
    assert!(errs.iter().all(|e| e.input.contains("damaged.warc.gz:record ")), "{errs:?}");
    // Member 5 is the second page's response: the others are read.
    assert_eq!(got.iter().filter(|r| r.is_ok()).count(), expected()["pages"].as_object().unwrap().len() - 1, "{got:?}");
}

#[test]
fn directories_pick_up_web_formats() {
    let got = read(&fixtures().join("pages"), InputFormat::Auto);
    assert_eq!(got.len(), expected()["pages"].as_object().unwrap().len());
    assert!(got.iter().all(|r| r.is_ok()));
    let got = read(&fixtures().join("warc"), InputFormat::Auto);
    assert!(got.iter().any(|r| r.as_ref().is_ok_and(|d| d.meta.path.contains("crawl.warc.gz:record"))));
}

#[test]
fn sniffing_without_extensions() {
    use rasd_read::sniff;
    assert_eq!(sniff(b"WARC/1.1\r\n"), InputFormat::Warc);
    assert_eq!(sniff(b"\xef\xbb\xbf  <?xml version=\"1.0\"?><rss version=\"2.0\">"), InputFormat::Feed);
    assert_eq!(sniff(b"<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"), InputFormat::Feed);
    assert_eq!(sniff(b"<!DOCTYPE html><html lang=\"ar\">"), InputFormat::Html);
    assert_eq!(sniff("{\"text\": \"نص\"}\n".as_bytes()), InputFormat::Jsonl);
    assert_eq!(sniff("title: عنوان\n\nنص".as_bytes()), InputFormat::Text);
    let page = std::fs::read(fixtures().join("pages/amman-visit.html")).unwrap();
    let mut out = Vec::new();
    rasd_read::read_bytes("-", page, InputFormat::Auto, &mut |r| out.push(r));
    assert!(out[0].as_ref().unwrap().text.contains("وصل وزير الخارجية المصري"));
}

#[test]
fn not_a_feed() {
    let mut out = Vec::new();
    rasd_read::read_bytes("x.xml", b"<?xml version=\"1.0\"?><urlset></urlset>".to_vec(), InputFormat::Feed, &mut |r| out.push(r));
    let e = out[0].as_ref().unwrap_err();
    assert_eq!(e.input, "x.xml");
    assert!(e.message.contains("not an RSS or Atom feed"), "{e}");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn all_formats(bytes: Vec<u8>) {
        for f in [InputFormat::Auto, InputFormat::Html, InputFormat::Feed, InputFormat::Warc, InputFormat::Jsonl, InputFormat::Text] {
            rasd_read::read_bytes("fuzz", bytes.clone(), f, &mut |_| {});
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            all_formats(bytes);
        }

        /// Fixture files cut at any point, or with a byte changed, are read without a panic.
        #[test]
        fn damaged_fixtures(which in 0usize..5, cut in 0.0f64..1.0, flip in 0.0f64..1.0) {
            let files = ["warc/crawl.warc", "warc/crawl.warc.gz", "feeds/alofoq.rss", "feeds/alyaqeen.atom", "pages/amman-visit.html"];
            let mut b = std::fs::read(fixtures().join(files[which])).unwrap();
            let at = (b.len() as f64 * flip) as usize;
            if at < b.len() {
                b[at] ^= 0x20;
            }
            b.truncate((b.len() as f64 * cut) as usize);
            all_formats(b);
        }
    }
}

/// A page of more than `MAX_ELEMENTS` elements is read up to the element past the limit, with a
/// warning that says so; the article before the cut is kept, and a page under the limit gets no
/// such warning.
#[test]
fn a_page_with_too_many_elements_is_cut_with_a_warning() {
    let para = "قال وزير الخارجية إن المحادثات التي جرت في العاصمة يوم الأحد تناولت ملفات الحدود والتجارة والطاقة بين البلدين.";
    let page = |n: usize| {
        let filler = "<span>x</span>".repeat(n);
        format!(
            "<html><head><title>لقاء</title></head><body><article><p>{para}</p><p>{para}</p></article><div>{filler}</div></body></html>"
        )
    };
    let max = rasd_read::html::MAX_ELEMENTS;
    let big = rasd_read::html::document("big.html", None, page(max + 10).as_bytes(), None, None).unwrap();
    assert!(big.text.contains(para), "{}", big.text);
    let w: Vec<&String> = big.meta.warnings.iter().filter(|w| w.contains("elements")).collect();
    assert_eq!(w.len(), 1, "{:?}", big.meta.warnings);
    assert!(w[0].contains(&max.to_string()) && w[0].contains("bytes"), "{}", w[0]);
    // An article past the cut is not read, and the error says why.
    let late = format!("<html><body><div>{}</div><article><p>{para}</p></article></body></html>", "<i></i>".repeat(max + 10));
    let Err(e) = rasd_read::html::document("late.html", None, late.as_bytes(), None, None) else {
        panic!("the article past the cut was read")
    };
    assert!(e.message.contains("no main content") && e.message.contains("elements"), "{e}");
    let small = rasd_read::html::document("small.html", None, page(1_000).as_bytes(), None, None).unwrap();
    assert!(small.meta.warnings.iter().all(|w| !w.contains("elements")), "{:?}", small.meta.warnings);
}
