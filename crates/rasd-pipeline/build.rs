//! Tells the integration tests whether `../shared` (the corpora and the reference article, read at
//! run time) is next to the repository. Without it, and outside CI, the tests that need it are
//! compiled as `#[ignore]`d with the reason, so the skip shows in the test summary; under CI
//! (`CI` set, as `.ci/run` runs) they always run, and fail naming what is missing.
use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(rasd_no_shared)");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=RASD_SHARED");
    let shared = match std::env::var_os("RASD_SHARED") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("../../../shared"),
    };
    // A file, not the folder: cargo would otherwise stat every file of the corpora on each build.
    println!("cargo::rerun-if-changed={}", shared.join("README.md").display());
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    if !ci && !shared.join("corpus").is_dir() {
        println!("cargo::rustc-cfg=rasd_no_shared");
    }
}
