//! Criterion benchmark of the text core on a fixed text written for rasd:
//! `cargo bench -p rasd-text --features bench`.
//! Like tantivy's benches, it checks its result: the token, segment and sentence counts of the
//! fixed text are asserted before timing, so a bench never measures broken code.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const PARAGRAPH: &str = "القاهرة- استقبل الرئيس المصري عبد الفتاح السيسي صباح الأربعاء وزير الخارجية السعودي في قصر الاتحادية، وبحث الجانبان سبل تعزيز التعاون الاقتصادي والتنسيق بشأن الأوضاع في السودان وقطاع غزة. وقال المتحدث باسم الرئاسة في بيان إن اللقاء تناول «فرص الاستثمار المشترك» وارتفاع حجم التبادل التجاري بنسبة 12.5% خلال عام 2024.\nوكان الوزير قد وصل إلى القاهرة مساء الثلاثاء في زيارة تستغرق يومين، والتقى خلالها نظيره المصري وبالمسؤولين عن ملف الطاقة.\n";

fn text() -> String {
    PARAGRAPH.repeat(200)
}

fn counts(t: &str) -> (usize, usize, usize) {
    let toks = rasd_text::tokenize(t);
    let segs = rasd_text::segment::segment_tokens(t, &toks);
    let sents = rasd_text::split_sentences(t, &toks);
    (toks.len(), segs.len(), sents.len())
}

fn bench(c: &mut Criterion) {
    let t = text();
    let (tokens, segments, sentences) = counts(&t);
    let one = counts(PARAGRAPH);
    // The fixed text is the paragraph 200 times: counts scale exactly.
    assert_eq!((tokens, segments, sentences), (one.0 * 200, one.1 * 200, one.2 * 200));
    assert!(one.0 > 60 && one.1 > one.0 && one.2 == 3, "unexpected counts for the paragraph: {one:?}");
    let mut g = c.benchmark_group("text_core");
    g.throughput(Throughput::Bytes(t.len() as u64));
    g.bench_function("tokenize", |b| b.iter(|| rasd_text::tokenize(std::hint::black_box(&t)).len()));
    g.bench_function("tokenize+segment+sentences", |b| b.iter(|| counts(std::hint::black_box(&t))));
    g.bench_function("lossless", |b| b.iter(|| rasd_text::normalize::lossless(std::hint::black_box(&t)).text.len()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
