#![no_main]
//! The text core (tokenize, sentences, segmentation, layout, lossless layer, language) on any UTF-8.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        rasd_fuzz::check_text(text);
    }
});
