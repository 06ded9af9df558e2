package org.sightline.sample

import org.sightline.sdk.EndReason
import org.sightline.sdk.MicStatus
import org.sightline.sdk.SdkException
import org.sightline.sdk.SessionState

/** What the customer reads for each session state. */
fun describe(state: SessionState): String = when (state) {
    SessionState.Connecting -> "Connecting…"
    SessionState.WaitingForTechnician -> "Waiting for the technician…"
    SessionState.Live -> "Live: the technician sees your camera"
    SessionState.Reconnecting -> "Connection lost, reconnecting…"
    is SessionState.Ended -> describe(state.reason)
}

/** Why the session ended, or why it could not be joined. */
fun describe(reason: EndReason): String = when (reason) {
    EndReason.TechnicianEnded -> "The technician ended the session."
    EndReason.CustomerEnded -> "You ended the session."
    EndReason.NoTechnician -> "The technician left the session."
    EndReason.SessionExpired -> "This code has expired. Ask the technician for a new one."
    EndReason.InvalidCode -> "No session waits for this code. Check it and try again."
    EndReason.ConnectedElsewhere -> "The session continues on another device."
    EndReason.SdkTooOld -> "This app is too old for the server. Please update it."
    is EndReason.Failed -> "The session could not go on: ${reason.message}"
}

/** The microphone's trouble, if any, as the customer reads it. */
fun describe(mic: MicStatus): String? = when (mic) {
    MicStatus.AVAILABLE -> null
    MicStatus.BUSY -> "Another app is using the microphone"
    MicStatus.PERMISSION_DENIED -> "Sightline may not use the microphone"
}

/** A failed join, as the customer can act on it. */
fun describe(error: SdkException): String = when (error) {
    is SdkException.JoinRefused -> describe(error.reason)
    is SdkException.Connection -> "Cannot reach the server. Check your connection and try again."
    is SdkException.CameraFailure -> "The camera is not available: ${error.detail}"
    else -> "Something went wrong: ${error.message}"
}
