#![no_main]
//! The whole pipeline on any UTF-8 text: it never panics and every output span is exact.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let doc = rasd_read::text_document("fuzz.txt", text.to_string());
    let a = rasd_pipeline::analyze(doc, &rasd_pipeline::Options::default());
    let v: serde_json::Value = serde_json::from_str(&rasd_pipeline::report::to_json(&a)).expect("valid JSON");
    rasd_fuzz::check_json_spans(&v, &a.doc.text);
});
