#!/usr/bin/env python3
"""Plots the adaptive bitrate benchmark as an SVG (Python standard library only).

Reads the JSON lines of `benchmark_bitrate_and_fps_across_link_changes` (lines with
"bench": "abr"; other output is skipped) and draws, over time, the encoder's target and
the bitrate sent (kbit/s, top) and the frame rates sent and received by the technician
(bottom), with the capped phase shaded and the picture sizes named.

    python3 bench/abr/plot.py RESULTS.jsonl OUT.svg
"""

import json
import sys

WIDTH, PANEL, MARGIN_L, MARGIN_R, MARGIN_T, GAP = 760, 200, 60, 150, 30, 50
SERIES_TOP = [("target_kbps", "target", "#1f77b4"), ("sent_kbps", "sent", "#ff7f0e")]
SERIES_BOTTOM = [("sent_fps", "sent", "#2ca02c"), ("received_fps", "received", "#d62728")]


def load(path):
    rows = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if not line.startswith("{"):
                continue
            row = json.loads(line)
            if row.get("bench") == "abr":
                rows.append(row)
    if not rows:
        sys.exit(f"{path}: no abr samples")
    return rows


def panel(rows, series, top, unit, t_max):
    y_max = max(max(row[key] for row in rows) for key, _, _ in series) * 1.1 or 1.0
    x = lambda t: MARGIN_L + (WIDTH - MARGIN_L - MARGIN_R) * t / t_max
    y = lambda v: top + PANEL - PANEL * v / y_max
    out = []
    for phase in ("capped",):
        times = [row["t_s"] for row in rows if row["phase"] == phase]
        if times:
            out.append(f'<rect x="{x(min(times)):.1f}" y="{top}" width="{x(max(times)) - x(min(times)):.1f}" height="{PANEL}" fill="#eee"/>')
            out.append(f'<text x="{x(min(times)) + 4:.1f}" y="{top + 14}" font-size="11">200 kbit/s, 2 % loss</text>')
    out.append(f'<rect x="{MARGIN_L}" y="{top}" width="{WIDTH - MARGIN_L - MARGIN_R}" height="{PANEL}" fill="none" stroke="#333"/>')
    for step in range(5):
        value = y_max * step / 4
        out.append(f'<text x="{MARGIN_L - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end">{value:.0f}</text>')
    out.append(f'<text x="14" y="{top + PANEL / 2}" font-size="12" transform="rotate(-90 14 {top + PANEL / 2})" text-anchor="middle">{unit}</text>')
    for index, (key, label, colour) in enumerate(series):
        points = " ".join(f"{x(row['t_s']):.1f},{y(row[key]):.1f}" for row in rows)
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        legend_y = top + 20 + 18 * index
        out.append(f'<line x1="{WIDTH - MARGIN_R + 10}" y1="{legend_y}" x2="{WIDTH - MARGIN_R + 30}" y2="{legend_y}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{WIDTH - MARGIN_R + 35}" y="{legend_y + 4}" font-size="12">{label}</text>')
    return out, x


def sizes(rows, x, top):
    """Names the picture size sent wherever it changes."""
    out, previous = [], None
    for row in rows:
        size = f'{row["width"]}x{row["height"]}'
        if size != previous:
            out.append(f'<line x1="{x(row["t_s"]):.1f}" y1="{top}" x2="{x(row["t_s"]):.1f}" y2="{top + 6}" stroke="#333"/>')
            out.append(f'<text x="{x(row["t_s"]) + 2:.1f}" y="{top + 18}" font-size="11">{size}</text>')
            previous = size
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rows = load(sys.argv[1])
    t_max = max(row["t_s"] for row in rows)
    bottom_top = MARGIN_T + PANEL + GAP
    height = bottom_top + PANEL + 60
    top_panel, x = panel(rows, SERIES_TOP, MARGIN_T, "kbit/s", t_max)
    bottom_panel, _ = panel(rows, SERIES_BOTTOM, bottom_top, "frames/s", t_max)
    axis = [f'<text x="{x(t):.1f}" y="{bottom_top + PANEL + 16}" font-size="11" text-anchor="middle">{t:.0f}</text>' for t in range(0, int(t_max) + 1, 20)]
    axis.append(f'<text x="{(MARGIN_L + WIDTH - MARGIN_R) / 2}" y="{bottom_top + PANEL + 36}" font-size="12" text-anchor="middle">seconds</text>')
    title = f'<text x="{MARGIN_L}" y="18" font-size="13">Busy virtual phone (640x360, 20 fps, grain): bitrate and frame rate across the link changes</text>'
    body = [title, *top_panel, *sizes(rows, x, MARGIN_T + PANEL + 4), *bottom_panel, *axis]
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n'
    svg += "\n".join(body) + "\n</svg>\n"
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        out.write(svg)


if __name__ == "__main__":
    main()
