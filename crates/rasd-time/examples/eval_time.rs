//! Score `rasd_time::find_times` on an evaluation TSV (default: the crate's `data/eval.tsv`).
//!
//! Prints each failure, then `elapsed_ms N`, then as its last line `accuracy NN.NN`.
//! Usage: `cargo run --release -p rasd-time --example eval_time [-- PATH]`

fn main() {
    let path = std::env::args_os().nth(1).map(std::path::PathBuf::from).unwrap_or_else(rasd_time::eval::default_path);
    let report = match rasd_time::eval::run(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot evaluate {}: {e}", path.display());
            std::process::exit(2);
        }
    };
    for f in &report.failures {
        println!("FAIL {f}");
    }
    println!("rows {} correct {}", report.total, report.correct);
    println!("elapsed_ms {:.3}", report.elapsed.as_secs_f64() * 1000.0);
    println!("accuracy {:.2}", report.accuracy());
}
