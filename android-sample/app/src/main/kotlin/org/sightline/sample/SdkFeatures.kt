package org.sightline.sample

import org.sightline.sdk.NormalizedPoint
import org.sightline.sdk.ScanResult
import org.sightline.sdk.SightlineSession

// The session features the app shows but that the Kotlin bindings do not export yet: the
// technicians' annotation overlay, freeze, chat, and the results of the scans technicians
// run on the phone. The SDK core has the overlay and freeze (sdk-core session::Overlay,
// session::Freeze); their exports are on their way. Until they land, this adapter is the
// only place that knows: the rest of the app is written against it, and the wiring below
// becomes real calls once `SightlineSession` exports them (each spot says which).

/** What one annotation draws, in picture coordinates normalised to 0..1 from the top left. */
sealed interface MarkShape {
    /** A line from the tail [from] with its head at [to]. */
    data class Arrow(val from: NormalizedPoint, val to: NormalizedPoint) : MarkShape
    /** The ellipse inside the box between two opposite corners. */
    data class Circle(val from: NormalizedPoint, val to: NormalizedPoint) : MarkShape
    data class Rectangle(val from: NormalizedPoint, val to: NormalizedPoint) : MarkShape
    /** A stroke through the points, in order. */
    data class Freehand(val points: List<NormalizedPoint>) : MarkShape
    /** One line of text whose top left corner is [at]. */
    data class Text(val at: NormalizedPoint, val text: String) : MarkShape
}

/**
 * One technician's annotation: [argb] is its colour, [width] the stroke's width as a fraction
 * of the picture's width (text is [TEXT_HEIGHT_PER_WIDTH] times as tall).
 */
data class Mark(val id: String, val authorName: String, val argb: Int, val width: Float, val shape: MarkShape)

/** The SDK core's ratio of a text annotation's height to its stroke width. */
const val TEXT_HEIGHT_PER_WIDTH = 6f

/** A chat message, from a technician or from this phone. */
data class ChatLine(val authorName: String, val text: String, val fromMe: Boolean)

/** What the app hears of the features below. Called on the SDK's threads. */
interface FeatureListener {
    /** The overlay now, oldest first (after each added or removed annotation, or a clear). */
    fun onMarksChanged(marks: List<Mark>)
    /** A technician froze the picture (`true`) or let it go live again (`false`). */
    fun onFreezeChanged(frozen: Boolean)
    fun onChat(line: ChatLine)
    /** Codes the phone decoded for a technician's scan. */
    fun onScanResults(results: List<ScanResult>)
}

/** The not-yet-exported features of one session. */
class SdkFeatures(private val session: SightlineSession) {
    /**
     * Starts telling [listener] of every change. Once exported, this becomes:
     * ```
     * session.overlay().setListener(object : OverlayListener {  // annotations
     *     override fun onAnnotationAdded(annotation: OverlayAnnotation) = report(session.overlay().annotations())
     *     override fun onAnnotationRemoved(id: String) = report(session.overlay().annotations())
     *     override fun onAnnotationsCleared() = report(emptyList())
     * })
     * session.freeze().setListener(object : FreezeListener {
     *     override fun onFreezeChanged(frozen: Boolean) = listener.onFreezeChanged(frozen)
     * })
     * // chat and scan results: SessionListener.onChatMessage / onScanResults
     * ```
     * with `report` mapping each `OverlayAnnotation` to a [Mark] (its colour through `Colour.rgb`).
     * Until then the overlay stays empty and the picture is never shown frozen.
     */
    fun listen(listener: FeatureListener) {
        listener.onMarksChanged(emptyList())
        listener.onFreezeChanged(false)
    }

    /** Sends a chat message to the technicians (`session.sendChat(text)` once exported). */
    fun sendChat(text: String) {
        throw UnsupportedOperationException("chat is not in this SDK build: \"$text\" was not sent")
    }

    companion object {
        /** Whether this SDK build can send chat messages (the chat box is hidden otherwise). */
        const val CHAT_AVAILABLE = false
    }
}
