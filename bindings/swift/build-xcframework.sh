#!/usr/bin/env bash
# Builds the SDK's native library for iOS into bindings/swift/SightlineFFI.xcframework, the
# binary target of the Swift package (Package.swift at the top of the repository): a static
# library for devices (arm64) and one for the simulator (arm64 + x86_64, merged with lipo),
# each with the generated C header and module map of the SightlineFFI module.
#
# Runs on macOS with Xcode and rustup:
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios
#   LIBVPX_IOS=/path/to/libvpx-builds bindings/swift/build-xcframework.sh [--debug]
#
# The SDK encodes VP8 with libvpx, which must be built for each target first (libvpx's own
# configure: --target=arm64-darwin-gcc for devices, arm64-iphonesimulator-gcc and
# x86_64-iphonesimulator-gcc for the simulator, each with --disable-examples
# --disable-unit-tests --enable-pic and `make install` into
# $LIBVPX_IOS/<rust target>/{lib,include}); LIBVPX_VERSION names its version (default 1.13.0).
# Prints the XCFramework's SwiftPM checksum, for a release that serves it by URL.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
: "${LIBVPX_IOS:?set LIBVPX_IOS to the folder with libvpx built per target (see the header)}"
profile=release
cargo_profile=(--release)
if [ "${1:-}" = "--debug" ]; then
    profile=debug
    cargo_profile=()
fi

cd "$repo"
for target in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios; do
    # A static library for iOS, whatever crate types Cargo.toml lists for the desktop.
    VPX_LIB_DIR="$LIBVPX_IOS/$target/lib" VPX_INCLUDE_DIR="$LIBVPX_IOS/$target/include" \
        VPX_VERSION="${LIBVPX_VERSION:-1.13.0}" VPX_STATIC=1 \
        cargo rustc -p sightline-bindings --lib --crate-type staticlib --target "$target" "${cargo_profile[@]}"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/headers" "$work/simulator"
cp bindings/generated/swift/SightlineFFI.h "$work/headers/"
# Xcode finds a framework's module map by this name.
cp bindings/generated/swift/SightlineFFI.modulemap "$work/headers/module.modulemap"
lipo -create \
    "target/aarch64-apple-ios-sim/$profile/libsightline.a" \
    "target/x86_64-apple-ios/$profile/libsightline.a" \
    -output "$work/simulator/libsightline.a"

out="$here/SightlineFFI.xcframework"
rm -rf "$out"
xcodebuild -create-xcframework \
    -library "target/aarch64-apple-ios/$profile/libsightline.a" -headers "$work/headers" \
    -library "$work/simulator/libsightline.a" -headers "$work/headers" \
    -output "$out"
echo "built $out"
(cd "$work" && ditto -c -k --keepParent "$out" SightlineFFI.xcframework.zip && swift package compute-checksum SightlineFFI.xcframework.zip) |
    sed 's/^/SwiftPM checksum of the zipped XCFramework: /'
