import AVFoundation
import SwiftUI

/// Which screen the app shows, and the way from one to the next.
@MainActor
final class AppModel: ObservableObject {
    enum Screen {
        case join(message: String?)
        case scanning
        case session(SessionModel)
    }

    @Published private(set) var screen: Screen = .join(message: nil)

    /// The server bare codes join (a link carries its own); set SIGHTLINE_SERVER in the
    /// scheme's environment to point the sample at yours.
    let defaultServer = ProcessInfo.processInfo.environment["SIGHTLINE_SERVER"] ?? "https://help.example.org"

    func backToJoin() {
        screen = .join(message: nil)
    }

    /// Joins `target` once the camera may be used; the session asks the customer's consent.
    func join(_ target: JoinTarget) {
        withCamera { self.startSession(target) }
    }

    func scanJoinCode() {
        withCamera { self.screen = .scanning }
    }

    /// A scanned QR code: a join link joins, anything else goes back to join.
    func scanned(_ text: String) {
        if let target = JoinTarget.parse(text, defaultServer: defaultServer) {
            startSession(target)
        } else {
            screen = .join(message: "That QR code is not a Sightline join code.")
        }
    }

    /// A join link that opened the app.
    func opened(_ url: URL) {
        guard let target = JoinTarget.parse(url.absoluteString, defaultServer: defaultServer) else { return }
        join(target)
    }

    /// Joins; nothing is streamed before the customer agrees on the session's consent prompt.
    private func startSession(_ target: JoinTarget) {
        let session = SessionModel(target: target) { [weak self] message in
            self?.screen = .join(message: message)
        }
        screen = .session(session)
        session.join()
    }

    /// Runs `next` once the camera may be used, asking the customer the first time.
    private func withCamera(_ next: @escaping @MainActor () -> Void) {
        switch AVCaptureDevice.authorizationStatus(for: .video) {
        case .authorized:
            next()
        case .notDetermined:
            AVCaptureDevice.requestAccess(for: .video) { granted in
                Task { @MainActor in
                    if granted { next() } else { self.deniedCamera() }
                }
            }
        default:
            deniedCamera()
        }
    }

    private func deniedCamera() {
        screen = .join(message: "Sightline needs the camera to show the technician what you see. Allow it in Settings.")
    }
}
