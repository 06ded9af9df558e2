import SwiftUI

/// The customer's consent, over the joined session: the SDK streams nothing until `onAgree`
/// reports it (`SightlineSession.consent()`); the technicians see that the customer has not agreed yet.
struct ConsentView: View {
    let target: JoinTarget
    let onAgree: @MainActor () -> Void
    let onDecline: @MainActor () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 16) {
            Text("Share your camera?").font(.title)
            Text("The technician at \(target.serverUrl) will see what your back camera sees, can switch on its light, zoom, take pictures, scan codes in view and draw on the picture. You can pause the video and end the session at any time.")
            Button("Share my camera") { onAgree() }.buttonStyle(.borderedProminent)
            Button("Cancel") { onDecline() }
            Spacer()
        }
        .padding(24)
    }
}
