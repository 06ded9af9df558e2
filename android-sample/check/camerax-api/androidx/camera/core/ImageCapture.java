package androidx.camera.core;

import androidx.annotation.Nullable;
import java.util.concurrent.Executor;

public final class ImageCapture extends UseCase {
    public static final int CAPTURE_MODE_MAXIMIZE_QUALITY = 0;

    private ImageCapture() {}

    @Nullable
    public ResolutionInfo getResolutionInfo() {
        throw new UnsupportedOperationException();
    }

    public void takePicture(Executor executor, OnImageCapturedCallback callback) {
        throw new UnsupportedOperationException();
    }

    public abstract static class OnImageCapturedCallback {
        public OnImageCapturedCallback() {}

        public void onCaptureSuccess(ImageProxy image) {}

        public void onError(ImageCaptureException exception) {}
    }

    public static final class Builder {
        public Builder() {}

        public ImageCapture build() {
            throw new UnsupportedOperationException();
        }

        public Builder setCaptureMode(int captureMode) {
            throw new UnsupportedOperationException();
        }
    }
}
