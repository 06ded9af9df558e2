// The Sightline Android sample: one app module. Open this folder in Android Studio, or run
// ./gradlew :app:installDebug with a Gradle wrapper (see README.md).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "sightline-android-sample"
include(":app")
