#!/usr/bin/env bash
# Compiles the Android sample's Kotlin (app/src/main/kotlin) with Maven on a machine without
# the Android SDK: against the Android framework (Robolectric's android-all), the androidx
# AARs' classes, JNA and the generated Kotlin bindings (see check/pom.xml), and runs the
# app's JVM unit tests (app/src/test). Needs Maven and a
# JDK 17, and Maven Central on the first run (later runs use ~/.m2).
set -euo pipefail

check="$(cd "$(dirname "$0")" && pwd)/check"
cd "$check"
mvn() { command mvn -B --no-transfer-progress -q "$@"; }

# 1. The AARs, copied to target/aar/<name>/<name>.aar, and the classes.jar inside each.
mvn dependency:copy@fetch-aars
for aar in target/aar/*/*.aar; do
    (cd "$(dirname "$aar")" && jar xf "$(basename "$aar")" classes.jar)
done
# 2. The sample, compiled against them (warnings are errors), and its JVM unit tests.
mvn test
cat target/surefire-reports/*.txt
echo "android-sample compiles against the Android framework, androidx and the generated bindings"
