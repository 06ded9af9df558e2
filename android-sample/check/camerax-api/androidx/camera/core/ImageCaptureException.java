package androidx.camera.core;

public class ImageCaptureException extends Exception {
    public ImageCaptureException(int imageCaptureError, String message, Throwable cause) {
        super(message, cause);
    }

    public int getImageCaptureError() {
        throw new UnsupportedOperationException();
    }
}
