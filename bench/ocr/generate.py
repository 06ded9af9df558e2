#!/usr/bin/env python3
"""Renders a reproducible set of camera-like frames of printed text, with the text they hold.

A label (paper a little off white) with two to five lines of label-like text lies in a
darker scene; each frame has one distortion family: clean, small text, blur, perspective,
tilt, uneven light, sensor noise with heavy JPEG, or all of them combined. Fonts are
DejaVu (Debian fonts-dejavu-core). The same seed gives the same frames, byte for byte.

    python3 bench/ocr/generate.py OUTPUT_DIR [--frames 120] [--seed 11]

Writes OUTPUT_DIR/frame-NNNN.(png|jpg) and OUTPUT_DIR/manifest.json. Keep the output out of the repo.
"""

import argparse
import io
import json
import random
import string
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = "/usr/share/fonts/truetype/dejavu"
FACES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf", "DejaVuSansCondensed.ttf"]
FAMILIES = ["clean", "small", "blur", "perspective", "tilt", "uneven-light", "noise-jpeg", "combined"]
WORDS = ("model serial part number filter pressure warning replace service date lot batch input output "
         "voltage power supply max min temperature caution made in unit pump valve motor rated "
         "frequency current phase class type check before use keep dry handle with care").split()


def line_of_text(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        code = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(rng.randint(4, 9)))
        return f"{rng.choice(['SERIAL NO.', 'S/N', 'MODEL', 'PART', 'LOT'])} {code[:3]}-{code[3:]}"
    if kind < 0.5:
        return f"{rng.choice(['Input', 'Output', 'Rated'])} {rng.randint(5, 240)}V {rng.randint(1, 60)}Hz {rng.randint(1, 16)}.{rng.randint(0, 9)}A"
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 6))]
    words[0] = words[0].capitalize()
    return " ".join(words)


def perspective_coefficients(source, target):
    """The 8 coefficients PIL's PERSPECTIVE transform takes, mapping target points to source points."""
    rows = []
    for (x, y), (u, v) in zip(target, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    return np.linalg.solve(np.array(rows, dtype=float), np.array(source, dtype=float).reshape(8)).tolist()


def frame(index: int, rng: random.Random):
    family = FAMILIES[index % len(FAMILIES)]
    size = (1280, 720) if rng.random() < 0.7 else (1920, 1080)
    scene = Image.new("L", size, rng.randint(40, 110))
    texture = np.array(scene, dtype=float) + np.random.default_rng(index).normal(0, 6, (size[1], size[0]))
    scene = Image.fromarray(np.clip(texture, 0, 255).astype(np.uint8))

    small = family in ("small", "combined")
    font_size = rng.randint(13, 18) if small else rng.randint(22, 46)
    font = ImageFont.truetype(f"{FONTS}/{rng.choice(FACES)}", font_size)
    lines = [line_of_text(rng) for _ in range(rng.randint(2, 5))]
    spacing = int(font_size * 1.5)
    text_width = max(int(font.getlength(line)) for line in lines)
    margin = font_size
    label = Image.new("L", (text_width + 2 * margin, spacing * len(lines) + 2 * margin - (spacing - font_size)), rng.randint(215, 250))
    draw = ImageDraw.Draw(label)
    ink = rng.randint(0, 60)
    for number, line in enumerate(lines):
        draw.text((margin, margin + number * spacing), line, font=font, fill=ink)
    if label.width > size[0] * 0.9:
        label = label.resize((int(size[0] * 0.9), int(label.height * size[0] * 0.9 / label.width)), Image.LANCZOS)
    left = rng.randint(20, max(21, size[0] - label.width - 20))
    top = rng.randint(20, max(21, size[1] - label.height - 20))
    scene.paste(label, (left, top))

    if family in ("tilt", "combined"):
        scene = scene.rotate(rng.uniform(-9, 9) if family == "tilt" else rng.uniform(-5, 5), resample=Image.BICUBIC, fillcolor=70)
    if family in ("perspective", "combined"):
        w, h = size
        squeeze = rng.uniform(0.06, 0.14) if family == "perspective" else 0.06
        corners = [(0, 0), (w, 0), (w, h), (0, h)]
        # Corners pulled inwards only: the whole scene, label included, stays in the frame.
        inwards = [(1, 1), (-1, 1), (-1, -1), (1, -1)]
        moved = [(x + sx * rng.uniform(0, squeeze) * w, y + sy * rng.uniform(0, squeeze) * h) for (x, y), (sx, sy) in zip(corners, inwards)]
        scene = scene.transform(size, Image.PERSPECTIVE, perspective_coefficients(corners, moved), Image.BICUBIC, fillcolor=70)
    if family in ("uneven-light", "combined"):
        w, h = size
        ys, xs = np.mgrid[0:h, 0:w]
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        distance = np.hypot(xs - cx, ys - cy) / np.hypot(w, h)
        darkest = rng.uniform(0.3, 0.55) if family == "uneven-light" else 0.6
        light = 1.0 - (1.0 - darkest) * np.clip(distance * 1.6, 0, 1)
        scene = Image.fromarray(np.clip(np.array(scene, dtype=float) * light, 0, 255).astype(np.uint8))
    if family in ("blur", "combined"):
        scene = scene.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 2.2) if family == "blur" else 0.9))
    if family in ("noise-jpeg", "combined"):
        noisy = np.array(scene, dtype=float) + np.random.default_rng(index + 1).normal(0, rng.uniform(5, 12), (size[1], size[0]))
        scene = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
        encoded = io.BytesIO()
        scene.save(encoded, "JPEG", quality=rng.randint(35, 60))
        return family, lines, encoded.getvalue(), "jpg"
    encoded = io.BytesIO()
    scene.save(encoded, "PNG")
    return family, lines, encoded.getvalue(), "png"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    manifest = []
    for index in range(args.frames):
        family, lines, data, ext = frame(index, rng)
        name = f"frame-{index:04d}.{ext}"
        (out / name).write_bytes(data)
        manifest.append({"file": name, "family": family, "text": "\n".join(lines)})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"{len(manifest)} frames in {out}")


if __name__ == "__main__":
    main()
