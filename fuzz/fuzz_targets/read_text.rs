#![no_main]
//! The text reader on arbitrary bytes (gzip included: bytes starting 1f 8b are inflated first).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    rasd_fuzz::read_and_check("fuzz.text", data, rasd_read::InputFormat::Text);
});
