// The sample app. The SDK is two parts: the generated Kotlin bindings (compiled in from
// bindings/generated/kotlin) and the native library libsightline.so per ABI, built with
// cargo-ndk into src/main/jniLibs (see ../README.md). The library versions here are the
// ones android-sample/check compiles the sources against.
plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "org.sightline.sample"
    compileSdk = 36

    defaultConfig {
        applicationId = "org.sightline.sample"
        minSdk = 26
        targetSdk = 36
        versionCode = 1
        versionName = "0.1.0"
        ndk {
            abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64")
        }
    }

    sourceSets["main"].java.srcDirs("src/main/kotlin", "../../bindings/generated/kotlin")

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildTypes {
        release {
            // JNA and the generated bindings find their classes by reflection: keep them
            // (proguard-rules.pro) when shrinking.
            isMinifyEnabled = false
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    val camerax = "1.4.2"
    implementation("androidx.camera:camera-core:$camerax")
    implementation("androidx.camera:camera-camera2:$camerax")
    implementation("androidx.camera:camera-lifecycle:$camerax")
    implementation("androidx.camera:camera-view:$camerax")
    implementation("androidx.activity:activity:1.9.3")
    implementation("androidx.core:core:1.13.1")
    // The generated bindings call the native library through JNA (the AAR carries JNA's
    // own native part for each ABI) and run async calls on coroutines.
    implementation("net.java.dev.jna:jna:5.18.1@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.2")

    testImplementation("org.junit.jupiter:junit-jupiter:5.14.1")
}

tasks.withType<Test> {
    useJUnitPlatform()
}
