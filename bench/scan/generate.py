#!/usr/bin/env python3
"""Renders a reproducible set of camera-like 720p and 1080p frames, each with one code.

Every one of the 13 formats appears under every distortion family: rotation at any angle,
perspective up to ~30°, blur, sensor noise, uneven light, heavy JPEG, small symbols in a
large frame, and all of them combined. Symbols are rendered by zxing-cpp's writer; the
expected text is the writer's own. The same seed gives the same frames, byte for byte.

    python3 bench/scan/generate.py OUTPUT_DIR [--frames 520] [--seed 7]

Writes OUTPUT_DIR/frame-NNNN.(png|jpg) and OUTPUT_DIR/manifest.json. Keep the output out of the repo.
"""

import argparse
import io
import json
import random
import string
import sys
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter

FORMATS = ["QRCode", "DataMatrix", "Aztec", "PDF417", "EAN13", "EAN8", "UPCA", "UPCE",
           "Code128", "Code39", "Code93", "ITF", "Codabar"]
FAMILIES = ["rotation", "perspective", "blur", "noise", "uneven-light", "jpeg", "small", "combined"]
SIZES = [(1280, 720), (1920, 1080)]
LINEAR = {"EAN13", "EAN8", "UPCA", "UPCE", "Code128", "Code39", "Code93", "ITF", "Codabar"}


def content_for(fmt: str, rng: random.Random) -> str:
    digits = lambda n: "".join(rng.choice(string.digits) for _ in range(n))
    if fmt in ("QRCode", "DataMatrix", "Aztec", "PDF417"):
        alphabet = string.ascii_letters + string.digits + " -_./:"
        return "https://sightline.example/" + "".join(rng.choice(alphabet) for _ in range(rng.randint(6, 40)))
    if fmt == "EAN13":
        return digits(12)
    if fmt == "EAN8":
        return digits(7)
    if fmt == "UPCA":
        return digits(11)
    if fmt == "UPCE":
        # Number system 0; last digit 5-9 with a non-zero fifth digit is valid zero suppression.
        return "0" + digits(4) + rng.choice("123456789") + rng.choice("56789")
    if fmt == "Code128":
        return "".join(rng.choice(string.ascii_letters + string.digits + "-+/") for _ in range(rng.randint(5, 14)))
    if fmt in ("Code39", "Code93"):
        return "".join(rng.choice(string.ascii_uppercase + string.digits + "-.") for _ in range(rng.randint(4, 10)))
    if fmt == "ITF":
        return digits(2 * rng.randint(3, 7))
    if fmt == "Codabar":
        return rng.choice("ABCD") + digits(rng.randint(5, 12)) + rng.choice("ABCD")
    raise ValueError(fmt)


def render_symbol(fmt: str, content: str) -> tuple[np.ndarray, str]:
    """The symbol at one pixel per module, with quiet zones, and its text as a reader reports it."""
    barcode = zxingcpp.create_barcode(content, getattr(zxingcpp.BarcodeFormat, fmt))
    return np.array(barcode.to_image(scale=1)), barcode.text


def perspective_coeffs(dst: np.ndarray, src: np.ndarray) -> list[float]:
    """PIL PERSPECTIVE coefficients mapping output points `dst` to input points `src`."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return np.linalg.solve(np.array(rows, float), np.array(rhs, float)).tolist()


def background(w: int, h: int, nrng: np.random.Generator) -> np.ndarray:
    """A smooth, textured scene: a gradient plus low-frequency blobs."""
    small = nrng.uniform(40, 200, size=(9, 16)).astype(np.float32)
    blobs = np.array(Image.fromarray(small).resize((w, h), Image.BICUBIC), np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gradient = nrng.uniform(-40, 40) * xx / w + nrng.uniform(-40, 40) * yy / h
    return blobs + gradient + nrng.normal(0, 3, size=(h, w)).astype(np.float32)


def make_frame(index: int, fmt: str, family: str, rng: random.Random, nrng: np.random.Generator):
    w, h = SIZES[(index // len(FORMATS)) % 2]
    symbol, text = render_symbol(fmt, content_for(fmt, rng))
    sh, sw = symbol.shape
    combined = family == "combined"
    # Symbol width on screen, as a share of the frame's width.
    share = rng.uniform(0.07, 0.12) if family == "small" else rng.uniform(0.18, 0.4)
    if fmt in LINEAR or fmt == "PDF417":
        share *= 1.3
    width_px = share * w
    height_px = width_px * sh / sw
    # Corners of the symbol (clockwise from top-left), centred at the origin.
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], float) * [width_px / 2, height_px / 2]
    if family in ("perspective", "combined"):
        tilt = np.radians(rng.uniform(15, 30))
        shrink = 1 - 0.45 * np.sin(tilt)  # far edge appears smaller
        edge = rng.randrange(4)  # which edge is tilted away
        far = [(0, 1), (1, 2), (2, 3), (3, 0)][edge]
        for i in far:
            other = (i + 2) % 4
            corners[i] = corners[other] + (corners[i] - corners[other]) * np.cos(tilt)
            corners[i] *= [shrink, 1] if edge in (1, 3) else [1, shrink]
    angle = rng.uniform(0, 360) if family in ("rotation", "combined", "perspective", "small") else rng.uniform(-8, 8)
    rad = np.radians(angle)
    rot = np.array([[np.cos(rad), -np.sin(rad)], [np.sin(rad), np.cos(rad)]])
    corners = corners @ rot.T
    extent = np.abs(corners).max(axis=0)
    cx = rng.uniform(extent[0] + 4, w - extent[0] - 4) if extent[0] * 2 + 8 < w else w / 2
    cy = rng.uniform(extent[1] + 4, h - extent[1] - 4) if extent[1] * 2 + 8 < h else h / 2
    corners += [cx, cy]

    src = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], float)
    coeffs = perspective_coeffs(corners, src)
    ink, paper = rng.uniform(10, 60), rng.uniform(190, 250)
    tone = Image.fromarray((ink + (paper - ink) * (symbol / 255.0)).astype(np.uint8))
    warped = np.array(tone.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BILINEAR), np.float32)
    mask = Image.fromarray(np.full((sh, sw), 255, np.uint8)).transform((w, h), Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    alpha = np.array(mask, np.float32) / 255.0
    frame = background(w, h, nrng) * (1 - alpha) + warped * alpha

    if family in ("uneven-light", "combined"):
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        lx, ly = rng.uniform(0, w), rng.uniform(0, h)
        dist = np.hypot(xx - lx, yy - ly) / np.hypot(w, h)
        frame *= np.clip(1.25 - rng.uniform(0.8, 1.4) * dist, 0.3, 1.25)
        frame += rng.uniform(-25, 25)
    image = Image.fromarray(np.clip(frame, 0, 255).astype(np.uint8))
    if family in ("blur", "combined"):
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 2.2) if combined else rng.uniform(1.5, 3.0)))
    if family in ("noise", "combined"):
        noisy = np.array(image, np.float32) + nrng.normal(0, rng.uniform(6, 12) if combined else rng.uniform(10, 20), (h, w))
        image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    params = {"angle": round(angle, 1), "width": w, "height": h, "symbol_px": round(width_px)}
    if family in ("jpeg", "combined"):
        quality = rng.randint(30, 50) if combined else rng.randint(12, 30)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        params["jpeg_quality"] = quality
        return buffer.getvalue(), "jpg", text, params
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue(), "png", text, params


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path)
    parser.add_argument("--frames", type=int, default=520)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    rng, nrng = random.Random(args.seed), np.random.default_rng(args.seed)
    frames = []
    for index in range(args.frames):
        fmt = FORMATS[index % len(FORMATS)]
        family = FAMILIES[(index // len(FORMATS)) % len(FAMILIES)]
        data, ext, text, params = make_frame(index, fmt, family, rng, nrng)
        name = f"frame-{index:04d}.{ext}"
        (args.output / name).write_bytes(data)
        frames.append({"file": name, "format": fmt, "text": text, "distortion": family, **params})
    manifest = {"seed": args.seed, "generator": "bench/scan/generate.py", "frames": frames}
    (args.output / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"{len(frames)} frames written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
