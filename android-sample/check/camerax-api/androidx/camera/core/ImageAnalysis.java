package androidx.camera.core;

import androidx.camera.core.resolutionselector.ResolutionSelector;
import java.util.concurrent.Executor;

public final class ImageAnalysis extends UseCase {
    public static final int OUTPUT_IMAGE_FORMAT_RGBA_8888 = 2;
    public static final int STRATEGY_KEEP_ONLY_LATEST = 0;

    private ImageAnalysis() {}

    public void clearAnalyzer() {
        throw new UnsupportedOperationException();
    }

    public void setAnalyzer(Executor executor, Analyzer analyzer) {
        throw new UnsupportedOperationException();
    }

    public interface Analyzer {
        void analyze(ImageProxy image);
    }

    public static final class Builder {
        public Builder() {}

        public ImageAnalysis build() {
            throw new UnsupportedOperationException();
        }

        public Builder setBackpressureStrategy(int strategy) {
            throw new UnsupportedOperationException();
        }

        public Builder setOutputImageFormat(int outputImageFormat) {
            throw new UnsupportedOperationException();
        }

        public Builder setOutputImageRotationEnabled(boolean outputImageRotationEnabled) {
            throw new UnsupportedOperationException();
        }

        public Builder setResolutionSelector(ResolutionSelector resolutionSelector) {
            throw new UnsupportedOperationException();
        }
    }
}
