#!/usr/bin/env python3
"""Builds the Python wheel of the Sightline SDK: one package, `sightline`, holding the
generated bindings (bindings/generated/python/sightline.py, as `sightline/sightline.py`),
the built library beside them (`sightline/libsightline.so`, where the bindings load it
from) and the package's `__init__.py` (bindings/python/__init__.py: the API, and the check
that the library is the one the bindings were generated from).

    python3 bindings/python/build_wheel.py --library target/release-small/libsightline.so --out dist/

The wheel is tagged for this machine's platform (the library is native code) and any
Python 3; `pip install dist/sightline_sdk-*.whl` installs it. Standard library only: the
wheel format is a zip with a dist-info folder (https://packaging.python.org/en/latest/specifications/binary-distribution-format/).
"""

import argparse
import base64
import hashlib
import sysconfig
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DISTRIBUTION = "sightline_sdk"
PACKAGE = "sightline"
LIBRARY_NAME = "libsightline.so"


def workspace_version() -> str:
    """The SDK's version: the workspace's, as the library reports it (`sdk_version()`)."""
    with open(REPO / "Cargo.toml", "rb") as manifest:
        return tomllib.load(manifest)["workspace"]["package"]["version"]


def platform_tag() -> str:
    """This machine's wheel platform tag, e.g. `linux_x86_64`."""
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build(library: Path, module: Path, out: Path) -> Path:
    version = workspace_version()
    tag = f"py3-none-{platform_tag()}"
    dist_info = f"{DISTRIBUTION}-{version}.dist-info"
    metadata = "\n".join([
        "Metadata-Version: 2.1",
        "Name: sightline-sdk",
        f"Version: {version}",
        "Summary: Sightline SDK: remote visual assistance sessions from Python (a camera, chat, annotations).",
        "License: Apache-2.0",
        "Requires-Python: >=3.9",
        "",
    ])
    wheel = "\n".join(["Wheel-Version: 1.0", "Generator: sightline build_wheel.py", "Root-Is-Purelib: false", f"Tag: {tag}", ""])
    files = [
        (f"{PACKAGE}/__init__.py", (HERE / "__init__.py").read_bytes()),
        (f"{PACKAGE}/sightline.py", module.read_bytes()),
        (f"{PACKAGE}/{LIBRARY_NAME}", library.read_bytes()),
        (f"{dist_info}/METADATA", metadata.encode()),
        (f"{dist_info}/WHEEL", wheel.encode()),
    ]
    record = [record_line(name, data) for name, data in files] + [f"{dist_info}/RECORD,,"]
    files.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))

    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{DISTRIBUTION}-{version}-{tag}.whl"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            # The library must stay executable once installed.
            info.external_attr = (0o755 if name.endswith(".so") else 0o644) << 16
            archive.writestr(info, data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="the built libsightline.so")
    parser.add_argument("--module", type=Path, default=REPO / "bindings" / "generated" / "python" / "sightline.py",
                        help="the generated Python bindings")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the wheel into")
    arguments = parser.parse_args()
    print(build(arguments.library.resolve(), arguments.module, arguments.out))


if __name__ == "__main__":
    main()
