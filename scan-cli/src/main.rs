//! `sightline-scan [--formats all|qr|LIST] [--budget-ms N] [--max-symbols N] FILE...`
//!
//! Prints one JSON line per file: `{"file", "results": [{"format", "text", "points"}], "decode_us"}`,
//! or `{"file", "error"}` for a file that cannot be read; exits with 1 if any file failed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use sightline_scan::{parse_formats, scan_file, Error};
use sightline_scan_core::{Scanner, ScannerConfig};

const USAGE: &str =
    "usage: sightline-scan [--formats all|qr|NAME,NAME...] [--budget-ms N] [--max-symbols N] FILE...";
/// Files are decoded one by one, so a still picture may take longer than a live frame.
const DEFAULT_BUDGET_MS: u64 = 1000;

struct Options {
    config: ScannerConfig,
    files: Vec<PathBuf>,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, Error> {
    let mut formats = parse_formats("all")?;
    let mut budget = Duration::from_millis(DEFAULT_BUDGET_MS);
    let mut max_symbols = 1;
    let mut files = Vec::new();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| Error::Usage(format!("{name} needs a value\n{USAGE}")))
        };
        match arg.as_str() {
            "--formats" => formats = parse_formats(&value("--formats")?)?,
            "--budget-ms" => {
                let text = value("--budget-ms")?;
                let ms = text
                    .parse::<u64>()
                    .map_err(|_| Error::Usage(format!("bad --budget-ms {text:?}\n{USAGE}")))?;
                budget = Duration::from_millis(ms);
            }
            "--max-symbols" => {
                let text = value("--max-symbols")?;
                max_symbols = text
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| Error::Usage(format!("bad --max-symbols {text:?}\n{USAGE}")))?;
            }
            "-h" | "--help" => return Err(Error::Usage(USAGE.into())),
            "--" => files.extend(args.by_ref().map(PathBuf::from)),
            flag if flag.starts_with("--") => {
                return Err(Error::Usage(format!("unknown option {flag}\n{USAGE}")))
            }
            file => files.push(PathBuf::from(file)),
        }
    }
    if files.is_empty() {
        return Err(Error::Usage(USAGE.into()));
    }
    Ok(Options {
        config: ScannerConfig::with_formats(formats)
            .budget(budget)
            .max_symbols(max_symbols),
        files,
    })
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let scanner = Scanner::new(options.config);
    let mut failed = false;
    for file in &options.files {
        let line = match scan_file(&scanner, file) {
            Ok(report) => serde_json::to_string(&report),
            Err(error) => {
                failed = true;
                serde_json::to_string(
                    &serde_json::json!({"file": file.display().to_string(), "error": error.to_string()}),
                )
            }
        };
        match line {
            Ok(line) => println!("{line}"),
            Err(error) => {
                failed = true;
                eprintln!("cannot print the result for {}: {error}", file.display());
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
