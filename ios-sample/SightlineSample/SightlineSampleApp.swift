import SwiftUI

/// The sample's one window: camera permission, join (code, link or scanned join QR code), and
/// the live session, which asks the customer's consent before anything is streamed; back to
/// join when it ends, with the reason.
@main
struct SightlineSampleApp: App {
    @StateObject private var model = AppModel()

    var body: some Scene {
        WindowGroup {
            Group {
                switch model.screen {
                case .join(let message):
                    JoinView(message: message, defaultServer: model.defaultServer,
                             onJoin: { model.join($0) }, onScan: { model.scanJoinCode() })
                case .scanning:
                    JoinQRScannerView(onFound: { model.scanned($0) }, onCancel: { model.backToJoin() })
                case .session(let session):
                    SessionView(session: session)
                }
            }
            .onOpenURL { url in model.opened(url) }
        }
    }
}
