import AVFoundation
import Sightline

/// The phone's camera for the SDK, on AVFoundation: an AVCaptureSession whose video data
/// output delivers NV12 frames to `frameSink` (the session's `pushFrame`), the preview layer
/// of `captureSession`, the torch through `torchMode`, zoom through `videoZoomFactor` and
/// full-resolution stills through AVCapturePhotoOutput. The SDK calls these methods on its
/// own threads; configuration runs on one serial queue, and every wait is bounded.
final class AVCamera: NSObject, Camera, @unchecked Sendable {
    /// What the preview shows.
    let captureSession = AVCaptureSession()
    /// Where the frames go once the session is joined; frames before that are dropped.
    var frameSink: ((VideoFrame) -> Void)? {
        get { queue.sync { sink } }
        set { queue.sync { sink = newValue } }
    }
    /// Told the size of the streamed picture (upright) whenever it changes, for the overlay.
    var onPictureSize: ((CGSize) -> Void)?

    private let queue = DispatchQueue(label: "org.sightline.sample.camera")
    private let frames = DispatchQueue(label: "org.sightline.sample.frames")
    private let videoOutput = AVCaptureVideoDataOutput()
    private let photoOutput = AVCapturePhotoOutput()
    private var sink: ((VideoFrame) -> Void)?
    private var device: AVCaptureDevice?
    private var input: AVCaptureDeviceInput?
    private var pictureSize: CGSize = .zero
    private var stills: [Int64: StillCapture] = [:]

    private static let waitSeconds = 10.0

    func capabilities() -> CameraCapabilities {
        queue.sync { currentCapabilities() }
    }

    func start(config: CameraConfig) throws {
        try queue.sync {
            captureSession.beginConfiguration()
            defer { captureSession.commitConfiguration() }
            captureSession.sessionPreset = config.resolution.height >= 720 ? .hd1280x720 : .vga640x480
            videoOutput.videoSettings = [kCVPixelBufferPixelFormatTypeKey as String: kCVPixelFormatType_420YpCbCr8BiPlanarFullRange]
            videoOutput.alwaysDiscardsLateVideoFrames = true
            videoOutput.setSampleBufferDelegate(self, queue: frames)
            guard captureSession.canAddOutput(videoOutput), captureSession.canAddOutput(photoOutput) else {
                throw SdkError.CameraFailure(detail: "the capture session takes no video output")
            }
            captureSession.addOutput(videoOutput)
            captureSession.addOutput(photoOutput)
            try use(facing: config.facing)
        }
        // startRunning blocks until the camera runs: on the SDK's thread, not the main one.
        captureSession.startRunning()
    }

    func stop() throws {
        captureSession.stopRunning()
    }

    func setTorch(on: Bool) throws {
        try queue.sync {
            guard let device else { throw SdkError.CameraNotStarted }
            guard device.hasTorch, device.isTorchModeSupported(.on) else { throw SdkError.NoTorch }
            try configure(device) { $0.torchMode = on ? .on : .off }
        }
    }

    func setZoom(ratio: Float) throws {
        try queue.sync {
            guard let device else { throw SdkError.CameraNotStarted }
            let min = Float(device.minAvailableVideoZoomFactor), max = Float(device.maxAvailableVideoZoomFactor)
            guard ratio >= min, ratio <= max else { throw SdkError.ZoomOutOfRange(requested: ratio, min: min, max: max) }
            try configure(device) { $0.videoZoomFactor = CGFloat(ratio) }
        }
    }

    func captureStill() throws -> StillImage {
        let capture = StillCapture()
        try queue.sync {
            guard device != nil else { throw SdkError.CameraNotStarted }
            let settings = AVCapturePhotoSettings(format: [AVVideoCodecKey: AVVideoCodecType.jpeg])
            stills[settings.uniqueID] = capture
            capture.onDone = { [weak self] in self?.queue.async { self?.stills[settings.uniqueID] = nil } }
            photoOutput.capturePhoto(with: settings, delegate: capture)
        }
        guard capture.done.wait(timeout: .now() + Self.waitSeconds) == .success else {
            throw SdkError.CameraFailure(detail: "the still did not come within \(Int(Self.waitSeconds)) s")
        }
        return try capture.result.get()
    }

    func switchFacing(facing: CameraFacing) throws -> CameraCapabilities {
        try queue.sync {
            captureSession.beginConfiguration()
            defer { captureSession.commitConfiguration() }
            try use(facing: facing)
            return currentCapabilities()
        }
    }

    // MARK: - On `queue`

    private func use(facing: CameraFacing) throws {
        let position: AVCaptureDevice.Position = facing == .front ? .front : .back
        guard let next = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: position) else {
            throw SdkError.NoCameraFacing(facing: facing)
        }
        let nextInput: AVCaptureDeviceInput
        do {
            nextInput = try AVCaptureDeviceInput(device: next)
        } catch {
            throw SdkError.CameraFailure(detail: error.localizedDescription)
        }
        if let input { captureSession.removeInput(input) }
        guard captureSession.canAddInput(nextInput) else {
            if let input { captureSession.addInput(input) }
            throw SdkError.CameraFailure(detail: "the \(facing) camera cannot be used now")
        }
        captureSession.addInput(nextInput)
        input = nextInput
        device = next
        // Upright portrait frames, so technicians see the picture as the customer holds it.
        if let connection = videoOutput.connection(with: .video) {
            if #available(iOS 17, *) {
                if connection.isVideoRotationAngleSupported(90) { connection.videoRotationAngle = 90 }
            } else if connection.isVideoOrientationSupported {
                connection.videoOrientation = .portrait
            }
            connection.isVideoMirrored = facing == .front && connection.isVideoMirroringSupported
        }
    }

    private func currentCapabilities() -> CameraCapabilities {
        let facings = [CameraFacing.back, .front].filter { facing in
            AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: facing == .front ? .front : .back) != nil
        }
        let dimensions = device?.activeFormat.highResolutionStillImageDimensions
        return CameraCapabilities(
            facing: device?.position == .front ? .front : .back,
            availableFacings: facings,
            hasTorch: device?.hasTorch ?? false,
            minZoom: Float(device?.minAvailableVideoZoomFactor ?? 1),
            maxZoom: Float(device?.maxAvailableVideoZoomFactor ?? 1),
            maxStillResolution: Resolution(width: UInt32(dimensions?.width ?? 0), height: UInt32(dimensions?.height ?? 0))
        )
    }

    private func configure(_ device: AVCaptureDevice, _ change: (AVCaptureDevice) -> Void) throws {
        do {
            try device.lockForConfiguration()
        } catch {
            throw SdkError.CameraFailure(detail: error.localizedDescription)
        }
        change(device)
        device.unlockForConfiguration()
    }
}

extension AVCamera: AVCaptureVideoDataOutputSampleBufferDelegate {
    func captureOutput(_ output: AVCaptureOutput, didOutput sampleBuffer: CMSampleBuffer, from connection: AVCaptureConnection) {
        guard let pixels = CMSampleBufferGetImageBuffer(sampleBuffer) else { return }
        let size = CGSize(width: CVPixelBufferGetWidth(pixels), height: CVPixelBufferGetHeight(pixels))
        if size != pictureSize {
            pictureSize = size
            onPictureSize?(size)
        }
        guard let sink = frameSink else { return }
        let time = CMSampleBufferGetPresentationTimeStamp(sampleBuffer)
        let frame = nv12Frame(pixels, timestampUs: UInt64(max(0, CMTimeGetSeconds(time) * 1_000_000)))
        sink(frame)
    }

    /// The pixel buffer's two planes (Y, then interleaved CbCr), one after the other.
    private func nv12Frame(_ pixels: CVPixelBuffer, timestampUs: UInt64) -> VideoFrame {
        CVPixelBufferLockBaseAddress(pixels, .readOnly)
        defer { CVPixelBufferUnlockBaseAddress(pixels, .readOnly) }
        var data = Data()
        var strides: [UInt32] = []
        for plane in 0..<2 {
            let stride = CVPixelBufferGetBytesPerRowOfPlane(pixels, plane)
            let rows = CVPixelBufferGetHeightOfPlane(pixels, plane)
            if let base = CVPixelBufferGetBaseAddressOfPlane(pixels, plane) {
                data.append(base.assumingMemoryBound(to: UInt8.self), count: stride * rows)
            }
            strides.append(UInt32(stride))
        }
        return VideoFrame(format: .nv12, width: UInt32(CVPixelBufferGetWidth(pixels)),
                          height: UInt32(CVPixelBufferGetHeight(pixels)), strides: strides, data: data,
                          timestampUs: timestampUs)
    }
}

/// One still in flight: AVCapturePhotoOutput's delegate, which the camera keeps until it is done.
private final class StillCapture: NSObject, AVCapturePhotoCaptureDelegate {
    let done = DispatchSemaphore(value: 0)
    var result: Result<StillImage, Error> = .failure(SdkError.CameraFailure(detail: "no still"))
    var onDone: (() -> Void)?

    func photoOutput(_ output: AVCapturePhotoOutput, didFinishProcessingPhoto photo: AVCapturePhoto, error: Error?) {
        if let error {
            result = .failure(SdkError.CameraFailure(detail: "the still failed: \(error.localizedDescription)"))
        } else if let jpeg = photo.fileDataRepresentation() {
            let dimensions = photo.resolvedSettings.photoDimensions
            result = .success(.jpeg(data: jpeg, width: UInt32(dimensions.width), height: UInt32(dimensions.height)))
        }
        onDone?()
        done.signal()
    }
}
