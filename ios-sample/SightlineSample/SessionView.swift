import SwiftUI

/// The live session: the camera preview with the technicians' annotations drawn on it, the
/// session's state (recording and frozen included), the codes scanned for the technician,
/// the chat, and the customer's "End" button.
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
                    ForEach(session.scans, id: \.self) { scan in Text("Scanned \(String(describing: scan.format)): \(scan.text)") }
                }
                .frame(maxWidth: .infinity, alignment: .leading)
                .padding(8).background(.black.opacity(0.6)).foregroundColor(.white)
                Spacer()
                VStack(spacing: 8) {
                    ScrollView {
                        VStack(alignment: .leading) {
                            ForEach(session.chat) { line in Text("\(line.fromMe ? "You" : line.authorName): \(line.text)") }
                        }
                        .frame(maxWidth: .infinity, alignment: .leading)
                    }
                    .frame(maxHeight: 120)
                    if SdkFeatures.chatAvailable {
                        HStack {
                            TextField("Message the technician", text: $draft)
                            Button("Send") {
                                let text = draft.trimmingCharacters(in: .whitespaces)
                                if !text.isEmpty { session.send(text) }
                                draft = ""
                            }
                        }
                    }
                    Button("End session", role: .destructive) { session.end() }.buttonStyle(.borderedProminent)
                }
                .padding(8).background(.black.opacity(0.6)).foregroundColor(.white)
            }
        }
        .onAppear { UIApplication.shared.isIdleTimerDisabled = true }
        .onDisappear { UIApplication.shared.isIdleTimerDisabled = false }
    }
}
