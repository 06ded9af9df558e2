#!/usr/bin/env bash
# Tests the SDK's generated bindings from their own languages:
#   1. bindings/generated/ is what the library generates (Kotlin, Swift, Python),
#   2. pytest drives the Python bindings (scanner, sessions against a real server), and
#      runs the Python guide's example (docs/guides/examples/python),
#   3. Maven + JUnit 5 drive the Kotlin bindings on the JVM through JNA, the Kotlin guide's
#      example (docs/guides/examples/kotlin) included.
#
# Needs, already built:
#   SIGHTLINE_BINDINGS_LIB  the cdylib (target/<profile>/libsightline.so)
#   SIGHTLINE_BIN           the `sightline` server binary
# and python3 with bindings/tests/python/requirements.txt, Maven and a JDK 17.
set -euo pipefail

: "${SIGHTLINE_BINDINGS_LIB:?set SIGHTLINE_BINDINGS_LIB to the built libsightline.so}"
: "${SIGHTLINE_BIN:?set SIGHTLINE_BIN to the sightline server binary}"
here="$(cd "$(dirname "$0")" && pwd)"
export SIGHTLINE_BINDINGS_LIB SIGHTLINE_BIN
export PYTHONDONTWRITEBYTECODE=1

"$here/generate.sh" --check

# JNA looks the library up by its name, libsightline.so, in jna.library.path.
library_dir="$(mktemp -d)"
trap 'rm -rf "$library_dir"' EXIT
ln -s "$(realpath "$SIGHTLINE_BINDINGS_LIB")" "$library_dir/libsightline.so"

(cd "$here/tests/python" && python3 -m pytest -q)
(cd "$here/../docs/guides/examples/python" && python3 -m pytest -q)
(cd "$here/tests/kotlin" && mvn -B --no-transfer-progress test -Djna.library.path="$library_dir")
