#!/usr/bin/env bash
# Generates the Kotlin, Swift and Python bindings of the SDK into bindings/generated/, in
# library mode: from the built cdylib, with the workspace's own uniffi-bindgen (same uniffi
# version as the library).
#
#   bindings/generate.sh          build the cdylib, regenerate bindings/generated/
#   bindings/generate.sh --check  regenerate into a temporary folder and fail when the
#                                 committed files differ
#
# SIGHTLINE_BINDINGS_LIB may name an already built libsightline.so (any profile: the
# interface metadata is the same); otherwise the debug cdylib is built here.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
committed="$here/generated"
check=false
case "${1:-}" in
    "") ;;
    --check) check=true ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

cd "$here/.."
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
library="${SIGHTLINE_BINDINGS_LIB:-}"
if [ -z "$library" ]; then
    cargo build --quiet -p sightline-bindings --lib
    library="$target_dir/debug/libsightline.so"
fi
cargo build --quiet -p sightline-uniffi-bindgen
bindgen="$target_dir/debug/uniffi-bindgen"

out="$committed"
if $check; then
    out="$(mktemp -d)"
    trap 'rm -rf "$out"' EXIT
else
    rm -rf "$committed"
fi
for language in kotlin swift python; do
    # --no-format: the output must not depend on which formatters this machine has.
    "$bindgen" generate --library "$library" --language "$language" --no-format \
        --out-dir "$out/$language" >/dev/null
done

if $check; then
    if ! diff -r "$committed" "$out"; then
        echo "bindings/generated/ is stale: run bindings/generate.sh and commit the result" >&2
        exit 1
    fi
    echo "bindings/generated/ is up to date"
else
    echo "generated $(find "$committed" -type f | wc -l) files into $committed"
fi
