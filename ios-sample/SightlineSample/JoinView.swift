import SwiftUI

/// Where the customer enters the join code (or pastes the link) the technician gave them, or
/// opens the scanner for the join QR code. `message` says why they are back here, if they are.
struct JoinView: View {
    let message: String?
    let defaultServer: String
    let onJoin: @MainActor (JoinTarget) -> Void
    let onScan: @MainActor () -> Void

    @State private var server = ""
    @State private var code = ""
    @State private var problem: String?

    var body: some View {
        Form {
            Section {
                Text("Enter the code the technician gave you, or scan their QR code.")
                TextField("Server, e.g. https://help.example.org", text: $server)
                    .keyboardType(.URL).textInputAutocapitalization(.never).autocorrectionDisabled()
                TextField("Nine-digit code or join link", text: $code)
                    .keyboardType(.asciiCapable).textInputAutocapitalization(.never).autocorrectionDisabled()
            } header: {
                Text("Get help from a technician")
            }
            Section {
                Button("Join") {
                    if let target = JoinTarget.parse(code, defaultServer: server) {
                        onJoin(target)
                    } else {
                        problem = "Enter the nine digits of the code (or the whole link) and the server's address."
                    }
                }
                Button("Scan the join QR code") { onScan() }
            }
            if let text = problem ?? message {
                Section { Text(text).foregroundColor(.secondary) }
            }
        }
        .onAppear { if server.isEmpty { server = defaultServer } }
    }
}
