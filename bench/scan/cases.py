"""Labelled test cases for the scanner benchmark, and how a decoded text is judged.

Two sources:
- the public zxing-cpp sample images (read in place: ``$SIGHTLINE_DATASETS`` or ``../shared/datasets``
  beside the repository), one folder per format, each image with a sibling ``.txt`` holding the
  expected text; images in ``falsepositives-*`` must decode to nothing;
- frames made by ``generate.py``, described by the ``manifest.json`` in their folder.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}

# Folder name prefix in the public dataset -> format name printed by sightline-scan.
FOLDER_FORMATS = {
    "aztec": "Aztec", "codabar": "Codabar", "code128": "Code128", "code39": "Code39", "code93": "Code93",
    "datamatrix": "DataMatrix", "ean13": "EAN13", "ean8": "EAN8", "itf": "ITF", "pdf417": "PDF417",
    "qrcode": "QRCode", "upca": "UPCA", "upce": "UPCE",
}
CODABAR_GUARDS = set("ABCDTN*E")


@dataclass(frozen=True)
class Case:
    path: Path
    format: str | None  # None: the picture holds no code (a false-positive probe)
    text: str | None
    group: str  # the folder or the generator's distortion family


def datasets_dir() -> Path:
    return Path(os.environ.get("SIGHTLINE_DATASETS", REPO.parent / "shared" / "datasets"))


def dataset_cases(root: Path | None = None) -> list[Case]:
    """The public samples that carry an expected text (cases with only binary expectations are skipped)."""
    root = root or datasets_dir() / "zxing-cpp-samples"
    cases = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        prefix = folder.name.rsplit("-", 1)[0]
        negative = prefix == "falsepositives"
        if not negative and prefix not in FOLDER_FORMATS:
            continue
        for image in sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
            if negative:
                cases.append(Case(image, None, None, folder.name))
                continue
            expected = image.with_suffix(".txt")
            if expected.exists():
                text = expected.read_bytes().decode("utf-8")
                cases.append(Case(image, FOLDER_FORMATS[prefix], text, folder.name))
    return cases


def generated_cases(folder: Path) -> list[Case]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [Case(folder / f["file"], f["format"], f["text"], f["distortion"]) for f in manifest["frames"]]


def upce_to_upca(digits: str) -> str:
    """Expands an 8-digit UPC-E number (number system, six digits, check digit) to UPC-A."""
    ns, d, check = digits[0], digits[1:7], digits[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return ns + body + check


def canonical(fmt: str | None, text: str) -> str:
    """One spelling per content, so that decoders with different text conventions compare fairly:
    UPC-A and UPC-E as their 13-digit GTIN, Codabar without its start/stop letters."""
    if fmt in ("UPCE", "UPCA", "EAN13") and text.isdigit():
        if len(text) == 8 and fmt == "UPCE":
            text = upce_to_upca(text)
        if len(text) == 12:
            text = "0" + text
    if fmt == "Codabar" and len(text) >= 2 and text[0] in CODABAR_GUARDS and text[-1] in CODABAR_GUARDS:
        text = text[1:-1]
    return text


def is_hit(case: Case, results: list[dict]) -> bool:
    """A case is read when some result carries its content (judged on the canonical text)."""
    want = canonical(case.format, case.text)
    return any(canonical(r.get("format") or case.format, r["text"]) == want for r in results)
