//! `sightline-ocr FILE…`: the live text of each picture, one JSON line per file
//! (`{"file", "lines": [{text, confidence, left, top, width, height}], "ms"}` or
//! `{"file", "error"}`). `--region LEFT,TOP,WIDTH,HEIGHT` (0 to 1) reads only that part.

use std::process::ExitCode;
use std::time::Instant;

use serde_json::json;
use sightline_ocr::TextRegion;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    let mut region = None;
    if args.peek().map(String::as_str) == Some("--region") {
        args.next();
        let parts: Vec<f32> = args.next().unwrap_or_default().split(',').filter_map(|part| part.trim().parse().ok()).collect();
        let [left, top, width, height] = parts[..] else {
            eprintln!("--region takes LEFT,TOP,WIDTH,HEIGHT, each 0 to 1");
            return ExitCode::from(2);
        };
        region = Some(TextRegion { left, top, width, height });
    }
    let files: Vec<String> = args.collect();
    if files.is_empty() {
        eprintln!("usage: sightline-ocr [--region LEFT,TOP,WIDTH,HEIGHT] FILE…");
        return ExitCode::from(2);
    }
    let mut failed = false;
    for file in files {
        let started = Instant::now();
        let read = image::open(&file).map_err(|err| err.to_string()).and_then(|picture| sightline_ocr::read(&picture, region).map_err(|err| err.to_string()));
        let line = match read {
            Ok(lines) => json!({"file": file, "lines": lines, "ms": started.elapsed().as_secs_f64() * 1000.0}),
            Err(error) => {
                failed = true;
                json!({"file": file, "error": error})
            }
        };
        println!("{line}");
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
