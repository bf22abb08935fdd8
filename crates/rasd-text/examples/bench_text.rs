//! `cargo run --release -p rasd-text --example bench_text [-- PATH [MAX_ARTICLES]]` (from the repository root).
fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().map_or_else(rasd_text::bench::default_corpus_path, Into::into);
    let max = args.next().and_then(|m| m.parse().ok());
    let r = rasd_text::bench::bench_text(&path, max)?;
    println!("{r}");
    if !r.panics.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}
