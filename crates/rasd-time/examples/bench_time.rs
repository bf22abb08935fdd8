//! Throughput of `find_times` on Arabic news-like text (release mode, one core).
//!
//! Builds ~4 MB of text from the eval sentences plus a hand-written paragraph, runs
//! `find_times` article by article, and prints MB/s and the number of expressions
//! found (checked against a first pass so the benchmark also asserts its result).
//! Usage: `cargo run --release -p rasd-time --example bench_time [-- MEGABYTES]`

use std::time::Instant;

const PARAGRAPH: &str = "وصل وزير الخارجية إلى العاصمة مساء الخميس في زيارة تستمر ثلاثة أيام، \
يلتقي خلالها كبار المسؤولين لبحث العلاقات الثنائية والأوضاع الإقليمية. وقال المتحدث باسم الوزارة \
أمس إن الزيارة تأتي بعد أسبوعين من اتصال هاتفي بين الرئيسين، ومن المقرر أن يوقع الجانبان \
الأحد المقبل على مذكرة تفاهم في مجالي الطاقة والنقل. وكانت الحكومة قد أعلنت في 9 مايو 2025 \
عن خطة لتطوير الموانئ بتكلفة 1.5 مليار دولار، على أن تنتهي المرحلة الأولى في أواخر العام المقبل. \
وشهدت البلاد خلال الأسابيع الأخيرة احتجاجات على ارتفاع الأسعار شارك فيها آلاف المواطنين في 13 مدينة.\n";

fn main() {
    let mb: f64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(4.0);
    let eval = std::fs::read_to_string(rasd_time::eval::default_path()).unwrap_or_default();
    let mut article = String::new();
    for line in eval.lines().skip(1).filter(|l| !l.starts_with('#')) {
        if let Some(s) = line.split('\t').nth(1) {
            article.extend(s.chars().filter(|c| !matches!(c, '[' | ']' | '{' | '}')));
            article.push_str(". ");
        }
        if article.len() > 3000 {
            article.push_str(PARAGRAPH);
        }
    }
    article.push_str(PARAGRAPH);
    // split into ~3 KB "articles"
    let mut articles: Vec<&str> = Vec::new();
    let mut start = 0;
    while start < article.len() {
        let mut end = (start + 3000).min(article.len());
        while !article.is_char_boundary(end) {
            end += 1;
        }
        articles.push(&article[start..end]);
        start = end;
    }
    let published = "2025-05-12".parse().ok();
    let per_pass: usize = articles.iter().map(|a| a.len()).sum();
    let expected: usize = articles.iter().map(|a| rasd_time::find_times(a, published).len()).sum();
    let passes = ((mb * 1e6) / per_pass as f64).ceil() as usize;
    let t0 = Instant::now();
    let mut bytes = 0usize;
    let mut found = 0usize;
    for _ in 0..passes {
        for a in &articles {
            found += rasd_time::find_times(a, published).len();
            bytes += a.len();
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    assert_eq!(found, expected * passes, "non-deterministic result");
    println!("bytes {bytes} expressions {found} seconds {secs:.3}");
    println!("throughput_mb_per_s {:.2}", bytes as f64 / 1e6 / secs);
}
