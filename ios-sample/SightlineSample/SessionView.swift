import SwiftUI

/// The live session: the camera preview with the technicians' annotations drawn on it, the
/// session's state (recording, frozen, paused and the microphone included), the codes scanned
/// for the technician, the chat, the customer's "Pause video" and "End" buttons, and until the
/// customer agrees, the consent prompt over it all.
struct SessionView: View {
    @ObservedObject var session: SessionModel
    @State private var draft = ""

    var body: some View {
        ZStack {
            CameraPreview(session: session.camera.captureSession).ignoresSafeArea()
            AnnotationOverlay(marks: session.marks, pictureSize: session.pictureSize).ignoresSafeArea()
            VStack(spacing: 8) {
                VStack(alignment: .leading, spacing: 4) {
                    Text(session.status)
                    if session.recording { Text("● Recording").foregroundColor(.red) }
                    if session.frozen { Text("❚❚ The technician froze the picture").foregroundColor(.yellow) }
                    if session.paused { Text("Your video is paused").foregroundColor(.yellow) }
                    if let mic = session.audio.flatMap({ describe($0.mic) }) { Text(mic).foregroundColor(.yellow) }
                    ForEach(session.scans, id: \.self) { scan in Text("Scanned \(String(describing: scan.format)): \(scan.text)") }
                }
                .frame(maxWidth: .infinity, alignment: .leading)
                .padding(8).background(.black.opacity(0.6)).foregroundColor(.white)
                Spacer()
                VStack(spacing: 8) {
                    ScrollView {
                        VStack(alignment: .leading) {
                            ForEach(session.chat, id: \.seq) { message in
                                Text("\(message.fromCustomer ? "You" : message.authorName): \(message.text)")
                            }
                        }
                        .frame(maxWidth: .infinity, alignment: .leading)
                    }
                    .frame(maxHeight: 120)
                    HStack {
                        TextField("Message the technician", text: $draft)
                        Button("Send") {
                            let text = draft.trimmingCharacters(in: .whitespaces)
                            if !text.isEmpty { session.send(text) }
                            draft = ""
                        }
                    }
                    HStack {
                        Button(session.paused ? "Resume video" : "Pause video") { session.togglePause() }.buttonStyle(.bordered)
                        Button("End session", role: .destructive) { session.end() }.buttonStyle(.borderedProminent)
                    }
                }
                .padding(8).background(.black.opacity(0.6)).foregroundColor(.white)
            }
            if session.awaitingConsent {
                ConsentView(target: session.target, onAgree: { session.agree() }, onDecline: { session.end() })
                    .background(Color(.systemBackground)).ignoresSafeArea()
            }
        }
        .onAppear { UIApplication.shared.isIdleTimerDisabled = true }
        .onDisappear { UIApplication.shared.isIdleTimerDisabled = false }
    }
}
