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
import org.sightline.sdk.ScanResult

/**
 * The live session: the camera preview with the technicians' annotations drawn on it, the
 * session's state (recording and frozen included), the codes scanned for the technician,
 * the chat, and the customer's "End" button. Main thread only.
 */
class SessionScreen(context: Context, chatAvailable: Boolean, onSend: (String) -> Unit, onEnd: () -> Unit) : FrameLayout(context) {
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
            visibleIf(chatAvailable)
        }
        val bottom = LinearLayout(context).apply {
            orientation = LinearLayout.VERTICAL
            setBackgroundColor(SCRIM)
            addView(ScrollView(context).apply { addView(chatLog) }, LinearLayout.LayoutParams(LayoutParams.MATCH_PARENT, context.dp(120)))
            addView(chatRow)
            addView(context.button("End session") { onEnd() })
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

    fun showMarks(marks: List<Mark>) = overlay.show(marks)

    fun setPictureSize(size: Size) = overlay.setPictureSize(size)

    fun showScans(results: List<ScanResult>) {
        scans.text = results.joinToString("\n") { "Scanned ${it.format}: ${it.text}" }
    }

    fun addChat(line: ChatLine) {
        val who = if (line.fromMe) "You" else line.authorName
        chatLog.append("$who: ${line.text}\n")
    }

    private fun showBadges() {
        badges.text = listOfNotNull(
            "● Recording".takeIf { recording },
            "❚❚ The technician froze the picture".takeIf { frozen },
        ).joinToString("   ")
        badges.visibleIf(recording || frozen)
    }

    private companion object {
        const val SCRIM = 0x99000000.toInt()
    }
}
