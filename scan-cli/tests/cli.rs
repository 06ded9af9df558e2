//! The command line: one JSON line per file, errors as lines with an "error" field, exit code 1.

use std::process::Command;

#[test]
fn unreadable_files_give_error_lines_and_a_failing_exit() {
    let dir = std::env::temp_dir().join(format!("sightline-scan-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let empty = dir.join("empty.png");
    let random = dir.join("random.jpg");
    let truncated = dir.join("truncated.png");
    let blank = dir.join("blank.png");
    std::fs::write(&empty, b"").expect("write");
    std::fs::write(
        &random,
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect::<Vec<_>>(),
    )
    .expect("write");
    image::GrayImage::from_pixel(64, 48, image::Luma([200]))
        .save(&blank)
        .expect("png");
    let png = std::fs::read(&blank).expect("read");
    std::fs::write(&truncated, &png[..png.len() / 2]).expect("write");
    let missing = dir.join("missing.webp");

    let output = Command::new(env!("CARGO_BIN_EXE_sightline-scan"))
        .args([&empty, &random, &truncated, &missing, &blank])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 5);
    for line in &lines[..4] {
        assert!(
            line["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{line}"
        );
    }
    assert_eq!(lines[4]["results"], serde_json::json!([]));
    assert!(lines[4]["decode_us"].is_u64());
    assert_eq!(lines[4]["file"], blank.display().to_string());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_options_are_usage_errors() {
    let output = Command::new(env!("CARGO_BIN_EXE_sightline-scan"))
        .args(["--formats", "Nope", "x.png"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Nope"));
    let none = Command::new(env!("CARGO_BIN_EXE_sightline-scan"))
        .output()
        .expect("runs");
    assert_eq!(none.status.code(), Some(2));
}
