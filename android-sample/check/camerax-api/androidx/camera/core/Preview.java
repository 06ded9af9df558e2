package androidx.camera.core;

import androidx.annotation.Nullable;

public final class Preview extends UseCase {
    private Preview() {}

    public void setSurfaceProvider(@Nullable SurfaceProvider surfaceProvider) {
        throw new UnsupportedOperationException();
    }

    public interface SurfaceProvider {
        void onSurfaceRequested(SurfaceRequest request);
    }

    public static final class Builder {
        public Builder() {}

        public Preview build() {
            throw new UnsupportedOperationException();
        }
    }
}
