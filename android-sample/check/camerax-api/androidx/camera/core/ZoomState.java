package androidx.camera.core;

public interface ZoomState {
    float getMaxZoomRatio();

    float getMinZoomRatio();

    float getZoomRatio();
}
