package org.sightline.sample

import android.content.Context
import android.graphics.Color
import android.util.Size
import android.view.Gravity
import android.widget.EditText
import android.widget.FrameLayout
import android.widget.LinearLayout
import android.widget.ScrollView
import androidx.camera.view.PreviewView
import org.sightline.sdk.AudioStatus
import org.sightline.sdk.ChatMessage
import org.sightline.sdk.MicStatus
import org.sightline.sdk.OverlayAnnotation
import org.sightline.sdk.ScanResult

/**
 * The live session: the camera preview with the technicians' annotations drawn on it, the
 * session's state (recording, frozen and paused included), the codes scanned for the
 * technician, the chat, the customer's "Pause video" and "End" buttons, and until the
 * customer agrees, the consent prompt over it all. Main thread only.
 */
class SessionScreen(
    context: Context,
    onSend: (String) -> Unit,
    onPause: (Boolean) -> Unit,
    onEnd: () -> Unit,
) : FrameLayout(context) {
    /** Where CameraX shows the picture; fitted, so the overlay can match it exactly. */
    val preview = PreviewView(context).apply { setScaleType(PreviewView.ScaleType.FIT_CENTER) }
    private val overlay = AnnotationOverlayView(context)
    private val state = context.label("Connecting…")
    private val badges = context.label("", 14f).apply { setTextColor(Color.RED) }
    private val scans = context.label("", 14f)
    private val chatLog = context.label("", 14f)
    private val chatInput = EditText(context).apply { hint = "Message the technician" }
    private var recording = false
    private var frozen = false
    private var paused = false
    private var audio: AudioStatus? = null
    private var consent: ConsentScreen? = null
    private val pause = context.button("Pause video") { onPause(!paused) }

    init {
        addView(preview, LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.MATCH_PARENT))
        addView(overlay, LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.MATCH_PARENT))
        val top = LinearLayout(context).apply {
            orientation = LinearLayout.VERTICAL
            setBackgroundColor(SCRIM)
            addView(state)
            addView(badges)
            addView(scans)
        }
        addView(top, LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.WRAP_CONTENT, Gravity.TOP))
        val chatRow = LinearLayout(context).apply {
            orientation = LinearLayout.HORIZONTAL
            addView(chatInput, LinearLayout.LayoutParams(0, LayoutParams.WRAP_CONTENT, 1f))
            addView(context.button("Send") {
                val text = chatInput.text.toString().trim()
                if (text.isNotEmpty()) {
                    onSend(text)
                    chatInput.text.clear()
                }
            })
        }
        val bottom = LinearLayout(context).apply {
            orientation = LinearLayout.VERTICAL
            setBackgroundColor(SCRIM)
            addView(ScrollView(context).apply { addView(chatLog) }, LinearLayout.LayoutParams(LayoutParams.MATCH_PARENT, context.dp(120)))
            addView(chatRow)
            addView(LinearLayout(context).apply {
                orientation = LinearLayout.HORIZONTAL
                addView(pause)
                addView(context.button("End session") { onEnd() })
            })
        }
        addView(bottom, LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.WRAP_CONTENT, Gravity.BOTTOM))
        showBadges()
    }

    fun showState(text: String) {
        state.text = text
    }

    fun showViewers(count: UInt) {
        state.text = if (count == 1u) "Live: a technician sees your camera" else "Live: $count technicians see your camera"
    }

    fun showRecording(on: Boolean) {
        recording = on
        showBadges()
    }

    fun showFrozen(on: Boolean) {
        frozen = on
        showBadges()
    }

    /** The customer paused the video (or resumed it): the button offers the other. */
    fun showPaused(on: Boolean) {
        paused = on
        pause.text = if (on) "Resume video" else "Pause video"
        showBadges()
    }

    /** The microphone and audio route as the app reported them to the SDK. */
    fun showAudio(status: AudioStatus) {
        audio = status
        showBadges()
    }

    /** Asks the customer to agree before anything is streamed; [onAgree] removes the prompt. */
    fun askConsent(target: JoinTarget, onAgree: () -> Unit, onDecline: () -> Unit) {
        val prompt = ConsentScreen(context, target, onAgree = {
            removeConsent()
            onAgree()
        }, onDecline = onDecline).apply { setBackgroundColor(Color.BLACK) }
        consent = prompt
        addView(prompt, LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.MATCH_PARENT))
    }

    private fun removeConsent() {
        consent?.let { removeView(it) }
        consent = null
    }

    fun showMarks(marks: List<OverlayAnnotation>) = overlay.show(marks)

    fun setPictureSize(size: Size) = overlay.setPictureSize(size)

    fun showScans(results: List<ScanResult>) {
        scans.text = results.joinToString("\n") { "Scanned ${it.format}: ${it.text}" }
    }

    fun addChat(message: ChatMessage) {
        val who = if (message.fromCustomer) "You" else message.authorName
        chatLog.append("$who: ${message.text}\n")
    }

    private fun showBadges() {
        badges.text = listOfNotNull(
            "● Recording".takeIf { recording },
            "❚❚ The technician froze the picture".takeIf { frozen },
            "Your video is paused".takeIf { paused },
            audio?.let { describe(it.mic) },
        ).joinToString("   ")
        badges.visibleIf(recording || frozen || paused || audio?.mic?.let { it != MicStatus.AVAILABLE } == true)
    }

    private companion object {
        const val SCRIM = 0x99000000.toInt()
    }
}
