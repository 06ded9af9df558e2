import Sightline

// The session features the app shows but that the Swift bindings do not export yet: the
// technicians' annotation overlay, freeze, chat, and the results of the scans technicians
// run on the phone. The SDK core has the overlay and freeze (sdk-core session::Overlay,
// session::Freeze); their exports are on their way. Until they land, this adapter is the
// only place that knows: the rest of the app is written against it, and the wiring below
// becomes real calls once `SightlineSession` exports them (each spot says which).

/// What one annotation draws, in picture coordinates normalised to 0...1 from the top left.
enum MarkShape: Equatable {
    /// A line from the tail `from` with its head at `to`.
    case arrow(from: NormalizedPoint, to: NormalizedPoint)
    /// The ellipse inside the box between two opposite corners.
    case circle(from: NormalizedPoint, to: NormalizedPoint)
    case rectangle(from: NormalizedPoint, to: NormalizedPoint)
    /// A stroke through the points, in order.
    case freehand(points: [NormalizedPoint])
    /// One line of text whose top left corner is `at`.
    case text(at: NormalizedPoint, text: String)
}

/// One technician's annotation: `rgb` is its colour (0xRRGGBB), `width` the stroke's width as
/// a fraction of the picture's width (text is `textHeightPerWidth` times as tall).
struct Mark: Identifiable, Equatable {
    let id: String
    let authorName: String
    let rgb: UInt32
    let width: Float
    let shape: MarkShape
}

/// The SDK core's ratio of a text annotation's height to its stroke width.
let textHeightPerWidth: Float = 6

/// A chat message, from a technician or from this phone.
struct ChatLine: Identifiable, Equatable {
    let id = UUID()
    let authorName: String
    let text: String
    let fromMe: Bool
}

/// What the app hears of the features below. Called on the SDK's threads.
protocol FeatureListener: AnyObject {
    /// The overlay now, oldest first (after each added or removed annotation, or a clear).
    func marksChanged(_ marks: [Mark])
    /// A technician froze the picture (`true`) or let it go live again (`false`).
    func freezeChanged(_ frozen: Bool)
    func chat(_ line: ChatLine)
    /// Codes the phone decoded for a technician's scan.
    func scanResults(_ results: [ScanResult])
}

/// The not-yet-exported features of one session.
struct SdkFeatures {
    /// Whether this SDK build can send chat messages (the chat box is hidden otherwise).
    static let chatAvailable = false

    let session: SightlineSession

    /// Starts telling `listener` of every change. Once exported, this becomes:
    /// ```
    /// session.overlay().setListener(listener: OverlayRelay(...))   // annotations
    /// session.freeze().setListener(listener: FreezeRelay(...))     // freeze
    /// // chat and scan results: SessionListener.onChatMessage / onScanResults
    /// ```
    /// with each `OverlayAnnotation` mapped to a `Mark` (its colour through `Colour.rgb`).
    /// Until then the overlay stays empty and the picture is never shown frozen.
    func listen(_ listener: FeatureListener) {
        listener.marksChanged([])
        listener.freezeChanged(false)
    }

    /// Sends a chat message to the technicians (`session.sendChat(text:)` once exported).
    func sendChat(_ text: String) throws {
        throw SdkError.Internal(detail: "chat is not in this SDK build: \"\(text)\" was not sent")
    }
}
