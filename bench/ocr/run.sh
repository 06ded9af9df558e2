#!/usr/bin/env bash
# Live text benchmark: Sightline's pipeline vs the plain `tesseract` command on generated
# camera-like frames of printed text.
#
#   bench/ocr/run.sh [OUTPUT_JSON]
#
# Needs: Debian tesseract-ocr, tesseract-ocr-eng, fonts-dejavu-core;
# `pip install -r bench/ocr/requirements.txt`.
# Env: OCR_FRAMES_DIR (generated frames; made there if missing, default a temp dir),
#      OCR_FRAMES (count, default 120), OCR_SEED (default 11).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-$repo/target/ocr-bench.json}"
frames_dir="${OCR_FRAMES_DIR:-${TMPDIR:-/tmp}/sightline-ocr-frames-${OCR_SEED:-11}-${OCR_FRAMES:-120}}"

cargo build --release -p sightline-ocr --manifest-path "$repo/Cargo.toml"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
if [ ! -f "$frames_dir/manifest.json" ]; then
    python3 "$here/generate.py" "$frames_dir" --frames "${OCR_FRAMES:-120}" --seed "${OCR_SEED:-11}"
fi
mkdir -p "$(dirname "$out")"
python3 "$here/bench.py" --ocr "$target_dir/release/sightline-ocr" --frames "$frames_dir" --json "$out"
