//! Tags text given on the command line (or stdin, one document) and prints the entities.
//!
//! ```text
//! cargo run --release -p rasd-ner --example tag_text -- "حضر الأسد القمة العربية في جدة."
//! ```

use std::io::Read;

fn main() {
    let mut text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        std::io::stdin().read_to_string(&mut text).expect("reading stdin");
    }
    let tokens = rasd_text::tokenize(&text);
    for (span, ty) in rasd_ner::Model::embedded().tag_tokens(&text, &tokens) {
        println!("{ty}\t{}\t{}..{}", &text[span.range()], span.start, span.end);
    }
}
