import AVFoundation
import SwiftUI

/// Scans the technician's join QR code with AVFoundation's own QR detector; the first code
/// read ends the scan with `onFound` (the app checks that it is a join link).
struct JoinQRScannerView: View {
    let onFound: @MainActor (String) -> Void
    let onCancel: @MainActor () -> Void
    @StateObject private var scanner = QRScanner()

    var body: some View {
        ZStack(alignment: .bottom) {
            CameraPreview(session: scanner.session).ignoresSafeArea()
            VStack {
                Text("Point the camera at the technician's QR code")
                    .padding(8).background(.black.opacity(0.6)).foregroundColor(.white)
                Spacer()
                Button("Cancel") { onCancel() }.buttonStyle(.borderedProminent).padding()
            }
        }
        .onAppear { scanner.start { text in Task { @MainActor in onFound(text) } } }
        .onDisappear { scanner.stop() }
    }
}

/// The capture session of the join scanner: the back camera into a metadata output for QR codes.
final class QRScanner: NSObject, ObservableObject, AVCaptureMetadataOutputObjectsDelegate {
    let session = AVCaptureSession()
    private let queue = DispatchQueue(label: "org.sightline.sample.qr")
    private var onFound: ((String) -> Void)?
    private var found = false

    func start(onFound: @escaping (String) -> Void) {
        self.onFound = onFound
        queue.async { [self] in
            guard session.inputs.isEmpty,
                  let camera = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: .back),
                  let input = try? AVCaptureDeviceInput(device: camera), session.canAddInput(input) else { return }
            let output = AVCaptureMetadataOutput()
            session.beginConfiguration()
            session.addInput(input)
            if session.canAddOutput(output) {
                session.addOutput(output)
                output.setMetadataObjectsDelegate(self, queue: .main)
                output.metadataObjectTypes = [.qr]
            }
            session.commitConfiguration()
            session.startRunning()
        }
    }

    func stop() {
        queue.async { [session] in session.stopRunning() }
    }

    func metadataOutput(_ output: AVCaptureMetadataOutput, didOutput objects: [AVMetadataObject], from connection: AVCaptureConnection) {
        guard !found, let text = objects.compactMap({ ($0 as? AVMetadataMachineReadableCodeObject)?.stringValue }).first else { return }
        found = true
        stop()
        onFound?(text)
    }
}
