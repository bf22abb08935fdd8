//! The real-news gold set (`crates/rasd-events/data/realnews`): its files are checked always; the
//! coder is scored on its dev split when `../shared` is there (under CI it must be: see `build.rs`).

use rasd_pipeline::eval_real::{self, Split};

#[test]
fn gold_set_is_complete_and_well_formed() {
    let s = eval_real::check(&eval_real::default_dir()).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("{s:?}");
    assert!(s.listed.0 >= 140 && s.listed.1 >= 60, "dev and test hold at least 140 and 60 articles: {:?}", s.listed);
    assert_eq!(s.annotated, s.listed, "every listed article is annotated (an article with no event has a NONE row)");
    assert!(s.agreement_articles >= 15, "15 articles are annotated twice: {}", s.agreement_articles);
}

#[test]
#[cfg_attr(rasd_no_shared, ignore = "../shared is absent: the real-news articles cannot be read")]
fn real_news_dev_split_scores() {
    let r = eval_real::run(&eval_real::default_dir(), &eval_real::default_shared(), Split::Dev).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("{}", r.render(false));
    assert_eq!(r.articles, r.listed);
    // A floor under the figure measured when the last rule work landed (README), so that a change
    // that loses real-news events fails here and not only in a report.
    assert!(r.f1() >= 0.17, "real-news dev F1 fell to {:.3}", r.f1());
}
