package androidx.camera.view;

import android.content.Context;
import android.widget.FrameLayout;
import androidx.camera.core.Preview;

public final class PreviewView extends FrameLayout {
    public PreviewView(Context context) {
        super(context);
    }

    public Preview.SurfaceProvider getSurfaceProvider() {
        throw new UnsupportedOperationException();
    }

    public void setScaleType(ScaleType scaleType) {
        throw new UnsupportedOperationException();
    }

    public enum ScaleType {
        FILL_CENTER,
        FIT_CENTER,
    }
}
