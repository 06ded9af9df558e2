import Foundation
import Network
import Sightline
import UIKit

/// One customer session: joins with the AVFoundation camera (describing the phone from
/// `UIDevice`) without streaming until the customer agrees, streams its frames, publishes the
/// state, the technicians' annotations, freeze, scanned codes and chat for `SessionView`,
/// pauses and resumes the video, tells the SDK the phone's network (from `NWPathMonitor`) and
/// when it changes, and calls `onEnded` with what to tell the customer.
@MainActor
final class SessionModel: ObservableObject {
    @Published private(set) var status = "Connecting…"
    @Published private(set) var recording = false
    @Published private(set) var frozen = false
    @Published private(set) var paused = false
    /// Until the customer agrees on the consent prompt, nothing is streamed.
    @Published private(set) var awaitingConsent = true
    @Published private(set) var audio: AudioStatus?
    @Published private(set) var marks: [OverlayAnnotation] = []
    @Published private(set) var scans: [ScanResult] = []
    @Published private(set) var chat: [ChatMessage] = []
    @Published private(set) var pictureSize: CGSize = .zero

    let camera = AVCamera()
    let target: JoinTarget
    private let onEnded: @MainActor (String) -> Void
    private var session: SightlineSession?
    private var subscriptions: [Subscription] = []
    private let networks = NWPathMonitor()
    private var finished = false

    init(target: JoinTarget, onEnded: @escaping @MainActor (String) -> Void) {
        self.target = target
        self.onEnded = onEnded
        camera.onPictureSize = { [weak self] size in
            Task { @MainActor in self?.pictureSize = size }
        }
    }

    /// Joins without streaming: the technicians see that the customer has not agreed yet.
    func join() {
        let info = Bundle.main.infoDictionary
        let device = DeviceInfo(
            model: UIDevice.current.model, os: UIDevice.current.systemName, osVersion: UIDevice.current.systemVersion,
            appName: info?["CFBundleName"] as? String ?? "SightlineSample",
            appVersion: info?["CFBundleShortVersionString"] as? String ?? "unknown"
        )
        let config = SessionConfig(serverUrl: target.serverUrl, code: target.code, device: device, consentRequired: true)
        let relay = Relay(model: self)
        Task {
            do {
                let joined = try await SightlineSession.join(config: config, camera: camera, listener: relay)
                session = joined
                camera.frameSink = { frame in
                    // Frames pushed while reconnecting or paused are skipped by the SDK; a
                    // closed stream means the session is over, which the listener reports.
                    try? joined.pushFrame(frame: frame)
                }
                subscriptions = [
                    joined.subscribeOverlay(listener: relay),
                    joined.subscribeFreeze(listener: relay),
                    joined.subscribeChat(listener: relay),
                ]
                marks = joined.annotations()
                frozen = joined.isFrozen()
                chat = joined.chatMessages()
                watchNetwork(joined)
            } catch {
                finish(describe(error))
            }
        }
    }

    /// The customer agreed on the consent prompt: the picture goes out.
    func agree() {
        guard let session else { return }
        run { try session.consent() }
        awaitingConsent = false
    }

    /// The customer's "Pause video" / "Resume video".
    func togglePause() {
        guard let session else { return }
        let pausing = !paused
        run { if pausing { try session.pauseVideo() } else { try session.resumeVideo() } }
        paused = pausing
    }

    /// Sends a chat line to the technicians; it shows once the server stored it.
    func send(_ text: String) {
        guard let session else { return }
        run { _ = try session.sendChat(text: text) }
    }

    /// The customer's "End" (or declining consent): the session ends for everyone; the listener then reports it.
    func end() {
        if let session { session.end() } else { finish(describe(EndReason.customerEnded)) }
    }

    /// A call the SDK may refuse (the session ended meanwhile, a chat text too long).
    private func run(_ call: () throws -> Void) {
        do { try call() } catch { status = describe(error) }
    }

    fileprivate func stateChanged(_ state: SessionState) {
        status = describe(state)
        if case .ended(let reason) = state { finish(describe(reason)) }
    }

    fileprivate func event(_ event: ConnectionEvent) {
        switch event {
        case .recordingChanged(let on): recording = on
        case .viewersChanged(let count) where count > 0:
            status = count == 1 ? "Live: a technician sees your camera" : "Live: \(count) technicians see your camera"
        default: break
        }
    }

    /// The overlay changed: draw the SDK's model as it is now.
    fileprivate func overlayChanged() { marks = session?.annotations() ?? [] }
    fileprivate func freezeChanged(_ frozen: Bool) { self.frozen = frozen }
    fileprivate func chatMessage(_ message: ChatMessage) { chat.append(message) }
    fileprivate func scanned(_ codes: [ScanResult]) { scans = codes }
    fileprivate func audioChanged(_ status: AudioStatus) { audio = status }

    /// The network's kind goes to the technicians; a move to another one makes the SDK reconnect at once.
    private func watchNetwork(_ session: SightlineSession) {
        let watcher = NetworkChange(session: session)
        networks.pathUpdateHandler = { path in watcher.update(path) }
        networks.start(queue: watcher.queue)
    }

    private func finish(_ message: String) {
        guard !finished else { return }
        finished = true
        networks.cancel()
        camera.frameSink = nil
        subscriptions.forEach { $0.cancel() }
        subscriptions = []
        session = nil
        onEnded(message)
    }
}

/// The SDK's listeners (called on its threads), handing everything to the model on the main actor.
private final class Relay: SessionListener, OverlayListener, FreezeListener, ChatListener, @unchecked Sendable {
    private weak var model: SessionModel?

    init(model: SessionModel) {
        self.model = model
    }

    private func main(_ apply: @escaping @MainActor (SessionModel) -> Void) {
        let model = self.model
        Task { @MainActor in
            if let model { apply(model) }
        }
    }

    func onStateChanged(state: SessionState) { main { $0.stateChanged(state) } }
    func onConnectionEvent(event: ConnectionEvent) { main { $0.event(event) } }
    func onAudioStatus(status: AudioStatus) { main { $0.audioChanged(status) } }
    func onCodesFound(codes: [ScanResult]) { main { $0.scanned(codes) } }
    func onAnnotationAdded(annotation: OverlayAnnotation) { main { $0.overlayChanged() } }
    func onAnnotationRemoved(id: String) { main { $0.overlayChanged() } }
    func onAnnotationsCleared() { main { $0.overlayChanged() } }
    func onFreezeChanged(frozen: Bool) { main { $0.freezeChanged(frozen) } }
    func onChatMessage(message: ChatMessage) { main { $0.chatMessage(message) } }
}

/// Tells the session the phone's network (Wi-Fi, cellular, ethernet) and when the interface
/// changes; its updates come on `queue`.
private final class NetworkChange: @unchecked Sendable {
    let queue = DispatchQueue(label: "org.sightline.sample.network")
    private let session: SightlineSession
    private var interface: NWInterface.InterfaceType?
    private var seen = false

    init(session: SightlineSession) {
        self.session = session
    }

    func update(_ path: NWPath) {
        let now = [NWInterface.InterfaceType.wifi, .cellular, .wiredEthernet].first { path.usesInterfaceType($0) }
        if seen, now != interface { session.networkChanged() }
        if !seen || now != interface { session.setNetwork(network: Self.networkType(now)) }
        seen = true
        interface = now
    }

    private static func networkType(_ interface: NWInterface.InterfaceType?) -> NetworkType {
        switch interface {
        case .wifi: return .wifi
        case .cellular: return .cellular
        case .wiredEthernet: return .ethernet
        default: return .unknown
        }
    }
}
