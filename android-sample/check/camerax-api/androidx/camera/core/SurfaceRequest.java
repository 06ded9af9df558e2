package androidx.camera.core;

public final class SurfaceRequest {
    private SurfaceRequest() {}
}
