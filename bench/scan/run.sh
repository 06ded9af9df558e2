#!/usr/bin/env bash
# Side-by-side scanner benchmark: sightline-scan vs zxing-cpp vs ZBar on the public
# zxing-cpp samples and on generated camera-like frames.
#
#   bench/scan/run.sh [OUTPUT_JSON]
#
# Needs: Debian libzbar0, `pip install -r bench/scan/requirements.txt`.
# Env: SCAN_FRAMES_DIR (generated frames; made there if missing, default a temp dir),
#      SCAN_FRAMES (count, default 520), SCAN_SEED (default 7), SIGHTLINE_DATASETS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-$repo/target/scan-bench.json}"
frames_dir="${SCAN_FRAMES_DIR:-${TMPDIR:-/tmp}/sightline-scan-frames-${SCAN_SEED:-7}-${SCAN_FRAMES:-520}}"

cargo build --release -p sightline-scan --manifest-path "$repo/Cargo.toml"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
if [ ! -f "$frames_dir/manifest.json" ]; then
    python3 "$here/generate.py" "$frames_dir" --frames "${SCAN_FRAMES:-520}" --seed "${SCAN_SEED:-7}"
fi
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"  # the script changes directory below
cd "$here"
python3 bench.py --scanner "$target_dir/release/sightline-scan" --generated "$frames_dir" --json "$out"
