package androidx.camera.core;

public interface Camera {
    CameraControl getCameraControl();

    CameraInfo getCameraInfo();
}
