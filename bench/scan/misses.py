#!/usr/bin/env python3
"""Lists, per format, the public sample images that sightline-scan misses or misreads, and
whether zxing-cpp reads them; and any result on a false-positive image.

    python3 bench/scan/misses.py --scanner target/release/sightline-scan [--folder aztec-1]
"""

import argparse
import sys

from bench import run_python, run_sightline, zxing_decoder
from cases import canonical, dataset_cases, is_hit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scanner", required=True, help="path of the sightline-scan binary")
    parser.add_argument("--folder", help="only the sample folders whose name starts with this")
    args = parser.parse_args()
    cases = [c for c in dataset_cases() if not args.folder or c.group.startswith(args.folder)]
    ours = run_sightline(args.scanner, cases)
    theirs = run_python(zxing_decoder(), cases)
    for case in cases:
        results, ms = ours.get(case.path, ([], 0.0))
        name = f"{case.group}/{case.path.name}"
        if case.format is None:
            if results:
                print(f"FALSE-POSITIVE {name}: {[r['text'] for r in results]}")
            continue
        if is_hit(case, results):
            continue
        zx = "zxing-cpp reads" if is_hit(case, theirs[case.path][0]) else "zxing-cpp misses"
        want = canonical(case.format, case.text)
        wrong = [r["text"] for r in results if canonical(r.get("format") or case.format, r["text"]) != want]
        kind = f"MISREAD as {wrong!r}" if wrong else "missed"
        print(f"{case.format:<11} {name:<40} {kind}; {zx} ({ms:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
