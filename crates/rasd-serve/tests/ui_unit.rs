//! The UI's own checks: the JavaScript unit tests (byte offsets → UTF-16 indexes, span
//! segmentation) under `node --test`, and that the committed `ui/dist` holds the current `ui/src`.

use std::path::Path;
use std::process::Command;

fn ui() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ui"))
}

#[test]
fn javascript_unit_tests() {
    if Command::new("node").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        rasd_core::skip_unless_ci("node is not installed, so the UI's JavaScript unit tests (ui/test/*.test.mjs) cannot run");
        return;
    }
    let out = Command::new("node").args(["--test", "test/"]).current_dir(ui()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "node --test failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let passed = stdout.lines().find_map(|l| l.strip_prefix("# pass ")).and_then(|n| n.trim().parse::<usize>().ok()).unwrap_or(0);
    assert!(passed >= 5, "expected the offset tests to run:\n{stdout}");
}

#[test]
fn committed_dist_matches_the_sources() {
    let src = ui().join("src");
    let mut n = 0;
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap();
        let built = std::fs::read(ui().join("dist").join(name))
            .unwrap_or_else(|_| panic!("ui/dist/{} is missing: run `npm run build` in crates/rasd-serve/ui", name.to_string_lossy()));
        assert!(
            built == std::fs::read(&p).unwrap(),
            "ui/dist/{} differs from ui/src: run `npm run build` in crates/rasd-serve/ui and commit dist/",
            name.to_string_lossy()
        );
        n += 1;
    }
    assert!(n >= 5);
}
