package androidx.camera.core;

import com.google.common.util.concurrent.ListenableFuture;

public interface CameraControl {
    ListenableFuture<Void> enableTorch(boolean torch);

    ListenableFuture<Void> setZoomRatio(float ratio);
}
