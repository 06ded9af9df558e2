import Sightline

/// What the customer reads for each session state.
func describe(_ state: SessionState) -> String {
    switch state {
    case .connecting: return "Connecting…"
    case .waitingForTechnician: return "Waiting for the technician…"
    case .live: return "Live: the technician sees your camera"
    case .reconnecting: return "Connection lost, reconnecting…"
    case .ended(let reason): return describe(reason)
    }
}

/// Why the session ended, or why it could not be joined.
func describe(_ reason: EndReason) -> String {
    switch reason {
    case .technicianEnded: return "The technician ended the session."
    case .customerEnded: return "You ended the session."
    case .noTechnician: return "The technician left the session."
    case .sessionExpired: return "This code has expired. Ask the technician for a new one."
    case .invalidCode: return "No session waits for this code. Check it and try again."
    case .connectedElsewhere: return "The session continues on another device."
    case .sdkTooOld: return "This app is too old for the server. Please update it."
    case .failed(let message): return "The session could not go on: \(message)"
    }
}

/// A failed join, as the customer can act on it.
func describe(_ error: Error) -> String {
    switch error {
    case SdkError.JoinRefused(let reason): return describe(reason)
    case SdkError.Connection: return "Cannot reach the server. Check your connection and try again."
    case SdkError.CameraFailure(let detail): return "The camera is not available: \(detail)"
    default: return "Something went wrong: \(error.localizedDescription)"
    }
}

/// The microphone's trouble, if any, as the customer reads it.
func describe(_ mic: MicStatus) -> String? {
    switch mic {
    case .available: return nil
    case .busy: return "Another app is using the microphone"
    case .permissionDenied: return "Sightline may not use the microphone"
    }
}
