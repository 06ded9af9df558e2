package androidx.camera.core;

import androidx.lifecycle.LiveData;

public interface CameraInfo {
    boolean hasFlashUnit();

    LiveData<ZoomState> getZoomState();
}
