//! Prints the PUD segmentation report and every wrong token with its count.
//! `cargo run --release -p rasd-text --example seg_eval [-- PATH]` (from the repository root).
use std::collections::HashMap;

use rasd_text::segment::eval;

fn main() -> std::io::Result<()> {
    let path = std::env::args().nth(1).map_or_else(eval::default_pud_path, Into::into);
    let verbose = std::env::var_os("VERBOSE").is_some();
    if verbose {
        let text = std::fs::read_to_string(&path)?;
        let mut errs: HashMap<(String, String), usize> = HashMap::new();
        for parts in eval::gold_tokens(&text) {
            let surface: String = parts.concat();
            let chars: Vec<char> = surface.chars().collect();
            let pred: Vec<String> = eval::predict(&surface).iter().map(|&(a, b)| chars[a..b].iter().collect()).collect();
            if pred != parts {
                *errs.entry((parts.join("+"), pred.join("+"))).or_default() += 1;
            }
        }
        let mut v: Vec<_> = errs.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for ((g, p), n) in v {
            println!("{n}\tgold {g}\tgot {p}");
        }
    }
    let r = eval::segmentation(&path)?;
    println!("{r}");
    Ok(())
}
