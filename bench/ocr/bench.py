#!/usr/bin/env python3
"""Live text side by side: Sightline's pipeline (`sightline-ocr`) and the plain `tesseract`
command on the same generated camera-like frames (generate.py).

For each frame both are run as a process on the file (so both load the engine's model) and
timed from start to exit; their text is compared with the frame's own by character error
rate: the edit distance between the texts (lines in order, spaces collapsed) over the
length of the true text. Prints a table and writes the figures as JSON.

    python3 bench/ocr/bench.py --ocr target/release/sightline-ocr --frames DIR [--json OUT]
"""

import argparse
import json
import statistics
import subprocess
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein


def normalised(text: str) -> str:
    return " ".join(text.split())


def error_rate(found: str, truth: str) -> float:
    truth = normalised(truth)
    return Levenshtein.distance(normalised(found), truth) / max(1, len(truth))


def timed(command: list[str]) -> tuple[str, float]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    return done.stdout, (time.perf_counter() - started) * 1000.0


def sightline(ocr: str, frame: Path) -> tuple[str, float]:
    out, ms = timed([ocr, str(frame)])
    answer = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    return "\n".join(line["text"] for line in answer.get("lines", [])), ms


def plain_tesseract(frame: Path) -> tuple[str, float]:
    return timed(["tesseract", str(frame), "stdout"])


def summary(rows: list[dict], engine: str) -> dict:
    rates = [row[engine]["cer"] for row in rows]
    times = sorted(row[engine]["ms"] for row in rows)
    return {
        "frames": len(rows),
        "cer": sum(rates) / len(rates),
        "frames_read_exactly": sum(1 for rate in rates if rate == 0.0),
        "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, int(len(times) * 0.95))],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocr", required=True, help="the sightline-ocr binary")
    parser.add_argument("--frames", required=True, type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    manifest = json.loads((args.frames / "manifest.json").read_text())
    rows = []
    for entry in manifest:
        frame = args.frames / entry["file"]
        row = {"file": entry["file"], "family": entry["family"]}
        for engine, run in (("sightline", lambda f: sightline(args.ocr, f)), ("tesseract", plain_tesseract)):
            text, ms = run(frame)
            row[engine] = {"cer": error_rate(text, entry["text"]), "ms": ms}
        rows.append(row)
    families = sorted({row["family"] for row in rows})
    result = {
        "frames": len(rows),
        "overall": {engine: summary(rows, engine) for engine in ("sightline", "tesseract")},
        "families": {family: {engine: summary([r for r in rows if r["family"] == family], engine) for engine in ("sightline", "tesseract")} for family in families},
        "rows": rows,
    }
    print(f"{'family':14} {'frames':>6} {'CER sightline':>14} {'CER tesseract':>14} {'exact s/t':>10} {'median ms s/t':>15}")
    for name, figures in [*result["families"].items(), ("overall", result["overall"])]:
        s, t = figures["sightline"], figures["tesseract"]
        print(f"{name:14} {s['frames']:>6} {s['cer']:>14.3f} {t['cer']:>14.3f} {s['frames_read_exactly']:>4}/{t['frames_read_exactly']:<5} {s['median_ms']:>7.0f}/{t['median_ms']:<7.0f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
