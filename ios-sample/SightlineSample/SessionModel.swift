import Foundation
import Network
import Sightline

/// One customer session: joins with the AVFoundation camera, streams its frames, publishes
/// the state, the technicians' annotations, freeze and chat for `SessionView`, tells the SDK
/// when the phone's network changes, and calls `onEnded` with what to tell the customer.
@MainActor
final class SessionModel: ObservableObject {
    @Published private(set) var status = "Connecting…"
    @Published private(set) var recording = false
    @Published private(set) var frozen = false
    @Published private(set) var marks: [Mark] = []
    @Published private(set) var scans: [ScanResult] = []
    @Published private(set) var chat: [ChatLine] = []
    @Published private(set) var pictureSize: CGSize = .zero

    let camera = AVCamera()
    private let target: JoinTarget
    private let onEnded: @MainActor (String) -> Void
    private var session: SightlineSession?
    private var features: SdkFeatures?
    private let networks = NWPathMonitor()
    private var finished = false

    init(target: JoinTarget, onEnded: @escaping @MainActor (String) -> Void) {
        self.target = target
        self.onEnded = onEnded
        camera.onPictureSize = { [weak self] size in
            Task { @MainActor in self?.pictureSize = size }
        }
    }

    /// Joins; the customer has agreed to share the camera.
    func join() {
        let config = SessionConfig(serverUrl: target.serverUrl, code: target.code)
        let relay = Relay(model: self)
        Task {
            do {
                let joined = try await SightlineSession.join(config: config, camera: camera, listener: relay)
                session = joined
                camera.frameSink = { frame in
                    // Frames pushed while reconnecting are skipped by the SDK; a closed
                    // stream means the session is over, which the listener reports.
                    try? joined.pushFrame(frame: frame)
                }
                let features = SdkFeatures(session: joined)
                features.listen(relay)
                self.features = features
                watchNetwork(joined)
            } catch {
                finish(describe(error))
            }
        }
    }

    /// Sends a chat line to the technicians and shows it.
    func send(_ text: String) {
        guard let features else { return }
        do {
            try features.sendChat(text)
            chat.append(ChatLine(authorName: "You", text: text, fromMe: true))
        } catch {
            status = describe(error)
        }
    }

    /// The customer's "End": the session ends for everyone; the listener then reports it.
    func end() {
        if let session { session.end() } else { finish(describe(EndReason.customerEnded)) }
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

    fileprivate func marksChanged(_ marks: [Mark]) { self.marks = marks }
    fileprivate func freezeChanged(_ frozen: Bool) { self.frozen = frozen }
    fileprivate func chatLine(_ line: ChatLine) { chat.append(line) }
    fileprivate func scanned(_ results: [ScanResult]) { scans = results }

    /// A move to another network (Wi-Fi to cellular) makes the SDK reconnect at once.
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
        session = nil
        onEnded(message)
    }
}

/// The SDK's listener (called on its threads), handing everything to the model on the main actor.
private final class Relay: SessionListener, FeatureListener, @unchecked Sendable {
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
    func marksChanged(_ marks: [Mark]) { main { $0.marksChanged(marks) } }
    func freezeChanged(_ frozen: Bool) { main { $0.freezeChanged(frozen) } }
    func chat(_ line: ChatLine) { main { $0.chatLine(line) } }
    func scanResults(_ results: [ScanResult]) { main { $0.scanned(results) } }
}

/// Tells the session when the phone's network interface changes; its updates come on `queue`.
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
        seen = true
        interface = now
    }
}
