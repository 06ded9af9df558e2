package androidx.camera.core.resolutionselector;

public final class ResolutionSelector {
    private ResolutionSelector() {}

    public static final class Builder {
        public Builder() {}

        public ResolutionSelector build() {
            throw new UnsupportedOperationException();
        }

        public Builder setResolutionStrategy(ResolutionStrategy resolutionStrategy) {
            throw new UnsupportedOperationException();
        }
    }
}
