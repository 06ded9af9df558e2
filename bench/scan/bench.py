#!/usr/bin/env python3
"""Runs sightline-scan, zxing-cpp and ZBar side by side on the same labelled frames.

Prints, for each test set and decoder, the detection rate per format and overall, false
positives, and the median / p95 decode time per frame; writes the same as JSON.
Decode time excludes reading the file for every decoder: sightline-scan reports its own
``decode_us``; the Python decoders are timed around the call on an already-loaded grey picture.

    python3 bench/scan/bench.py --scanner target/release/sightline-scan \
        [--generated DIR] [--no-dataset] [--json results.json] [--decoders sightline-scan,zxing-cpp]
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

from cases import Case, canonical, dataset_cases, generated_cases, is_hit

FORMATS = ["QRCode", "DataMatrix", "Aztec", "PDF417", "EAN13", "EAN8", "UPCA", "UPCE",
           "Code128", "Code39", "Code93", "ITF", "Codabar"]
ZBAR_NAMES = {"QRCODE": "QRCode", "EAN13": "EAN13", "EAN8": "EAN8", "UPCA": "UPCA", "UPCE": "UPCE",
              "CODE128": "Code128", "CODE39": "Code39", "CODE93": "Code93", "I25": "ITF",
              "CODABAR": "Codabar", "PDF417": "PDF417"}
CHUNK = 200  # files per sightline-scan process


def run_sightline(binary: str, cases: list[Case]) -> dict[Path, tuple[list[dict], float]]:
    out = {}
    for start in range(0, len(cases), CHUNK):
        chunk = cases[start:start + CHUNK]
        proc = subprocess.run([binary, *map(str, (c.path for c in chunk))], capture_output=True, text=True)
        for line in proc.stdout.splitlines():
            record = json.loads(line)
            results = record.get("results", [])
            out[Path(record["file"])] = (results, record.get("decode_us", 0) / 1000.0)
    return out


def run_python(decode, cases: list[Case]) -> dict[Path, tuple[list[dict], float]]:
    out = {}
    for case in cases:
        grey = np.asarray(Image.open(case.path).convert("L"))
        started = time.perf_counter()
        results = decode(grey)
        out[case.path] = (results, (time.perf_counter() - started) * 1000.0)
    return out


def zxing_decoder():
    import zxingcpp
    formats = zxingcpp.barcode_formats_from_str(",".join(FORMATS))

    def decode(grey):
        return [{"format": r.format.name, "text": r.text} for r in zxingcpp.read_barcodes(grey, formats=formats, text_mode=zxingcpp.TextMode.Plain)]
    return decode


def zbar_decoder():
    from pyzbar import pyzbar
    symbols = [s for s in pyzbar.ZBarSymbol if s.name in ZBAR_NAMES]

    def decode(grey):
        h, w = grey.shape
        found = pyzbar.decode((grey.tobytes(), w, h), symbols=symbols)
        return [{"format": ZBAR_NAMES.get(r.type, r.type), "text": r.data.decode("utf-8", "replace")} for r in found]
    return decode


def summarise(cases: list[Case], outcome: dict[Path, tuple[list[dict], float]]) -> dict:
    per_format = {}
    times, hits, positives, false_pos, misreads, errors = [], 0, 0, 0, 0, 0
    for case in cases:
        if case.path not in outcome:
            errors += 1
            continue
        results, ms = outcome[case.path]
        times.append(ms)
        if case.format is None:
            false_pos += bool(results)
            continue
        positives += 1
        hit = is_hit(case, results)
        hits += hit
        want = canonical(case.format, case.text)
        misreads += any(canonical(r.get("format") or case.format, r["text"]) != want for r in results) and not hit
        stats = per_format.setdefault(case.format, [0, 0])
        stats[0] += hit
        stats[1] += 1
    times.sort()
    return {
        "detected": hits, "positives": positives,
        "rate": hits / positives if positives else None,
        "per_format": {f: {"detected": d, "total": t, "rate": d / t} for f, (d, t) in sorted(per_format.items())},
        "false_positive_frames": false_pos, "misread_frames": misreads, "unreadable_files": errors,
        "median_ms": statistics.median(times) if times else None,
        "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))] if times else None,
        "frames": len(times),
    }


def print_table(name: str, summaries: dict[str, dict]) -> None:
    decoders = list(summaries)
    print(f"\n== {name} ==")
    print(f"{'format':<12}" + "".join(f"{d:>18}" for d in decoders))
    formats = sorted({f for s in summaries.values() for f in s["per_format"]}, key=FORMATS.index)
    for fmt in formats:
        cells = []
        for d in decoders:
            s = summaries[d]["per_format"].get(fmt)
            cells.append(f"{s['detected']:>4}/{s['total']:<4} {100 * s['rate']:5.1f}%" if s else "-")
        print(f"{fmt:<12}" + "".join(f"{c:>18}" for c in cells))
    rows = [
        ("overall", lambda s: f"{s['detected']}/{s['positives']} {100 * (s['rate'] or 0):.1f}%"),
        ("false pos.", lambda s: str(s["false_positive_frames"])),
        ("misreads", lambda s: str(s["misread_frames"])),
        ("median ms", lambda s: f"{s['median_ms']:.2f}"),
        ("p95 ms", lambda s: f"{s['p95_ms']:.2f}"),
    ]
    for label, cell in rows:
        print(f"{label:<12}" + "".join(f"{cell(summaries[d]):>18}" for d in decoders))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scanner", required=True, help="path of the sightline-scan binary")
    parser.add_argument("--generated", type=Path, help="folder made by generate.py")
    parser.add_argument("--no-dataset", action="store_true", help="skip the public zxing-cpp samples")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--decoders", default="sightline-scan,zxing-cpp,zbar",
                        help="comma-separated decoders to run (default: all three)")
    args = parser.parse_args()

    sets = {}
    if not args.no_dataset:
        sets["zxing-cpp-samples"] = dataset_cases()
    if args.generated:
        sets["generated"] = generated_cases(args.generated)
    if not sets:
        parser.error("nothing to run: give --generated or drop --no-dataset")

    decoders = {
        "sightline-scan": lambda cases: run_sightline(args.scanner, cases),
        "zxing-cpp": lambda cases: run_python(zxing_decoder(), cases),
        "zbar": lambda cases: run_python(zbar_decoder(), cases),
    }
    wanted = args.decoders.split(",")
    unknown = set(wanted) - set(decoders)
    if unknown:
        parser.error(f"unknown decoders: {', '.join(sorted(unknown))}")
    decoders = {name: run for name, run in decoders.items() if name in wanted}
    report = {"sets": {}}
    for set_name, cases in sets.items():
        summaries = {name: summarise(cases, run(cases)) for name, run in decoders.items()}
        report["sets"][set_name] = summaries
        print_table(f"{set_name} ({len(cases)} frames)", summaries)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
        print(f"\nJSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
