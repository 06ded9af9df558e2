package androidx.camera.core;

import java.nio.ByteBuffer;

public interface ImageProxy extends AutoCloseable {
    @Override
    void close();

    int getFormat();

    int getHeight();

    int getWidth();

    ImageInfo getImageInfo();

    PlaneProxy[] getPlanes();

    interface PlaneProxy {
        ByteBuffer getBuffer();

        int getPixelStride();

        int getRowStride();
    }
}
