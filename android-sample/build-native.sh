#!/usr/bin/env bash
# Builds the SDK's native library, libsightline.so, for the app's Android ABIs into
# app/src/main/jniLibs/<abi>/, where Gradle packs it into the APK next to JNA's own.
#
# Needs the Android NDK (ANDROID_NDK_HOME), cargo-ndk and the Rust targets:
#   cargo install cargo-ndk
#   rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
#   LIBVPX_ANDROID=/path/to/libvpx-builds android-sample/build-native.sh [--debug]
#
# The SDK encodes VP8 with libvpx, which must be built with the NDK for each ABI first
# (libvpx's own configure: --target=arm64-android-gcc, armv7-android-gcc, x86_64-android-gcc,
# each with --disable-examples --disable-unit-tests --enable-pic and `make install` into
# $LIBVPX_ANDROID/<abi>/{lib,include}); LIBVPX_VERSION names its version (default 1.13.0).
# libopus is built from source by cargo (cmake, with the NDK's toolchain that cargo-ndk sets).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
: "${ANDROID_NDK_HOME:?set ANDROID_NDK_HOME to the Android NDK}"
: "${LIBVPX_ANDROID:?set LIBVPX_ANDROID to the folder with libvpx built per ABI (see the header)}"
profile=(--release)
[ "${1:-}" = "--debug" ] && profile=()

cd "$here/.."
for abi in arm64-v8a armeabi-v7a x86_64; do
    VPX_LIB_DIR="$LIBVPX_ANDROID/$abi/lib" VPX_INCLUDE_DIR="$LIBVPX_ANDROID/$abi/include" \
        VPX_VERSION="${LIBVPX_VERSION:-1.13.0}" VPX_STATIC=1 \
        cargo ndk --target "$abi" --platform 26 --output-dir "$here/app/src/main/jniLibs" \
        build -p sightline-bindings --lib "${profile[@]}"
done
find "$here/app/src/main/jniLibs" -name libsightline.so
