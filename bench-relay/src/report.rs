//! Output: one JSON object per line on stdout (Rust's stdout is line-buffered, so a
//! reader sees each line as it is printed), and the wall clock shared with the browser.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch: the clock `performance.timeOrigin + t` in Chromium
/// also counts in, so phone and browser times compare directly on one machine.
pub fn unix_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0)
}

/// Prints one JSON line.
pub fn line(value: serde_json::Value) {
    println!("{value}");
}
