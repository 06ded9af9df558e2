package androidx.camera.core;

import android.util.Size;

public class ResolutionInfo {
    ResolutionInfo() {}

    public Size getResolution() {
        throw new UnsupportedOperationException();
    }
}
