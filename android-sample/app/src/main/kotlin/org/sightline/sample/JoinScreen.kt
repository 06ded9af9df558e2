package org.sightline.sample

import android.content.Context
import android.text.InputType
import android.widget.EditText
import android.widget.LinearLayout

/**
 * Where the customer enters the join code (or pastes the link) the technician gave them, or
 * opens the scanner for the join QR code. [message] says why they are back here, if they are.
 */
class JoinScreen(
    context: Context,
    defaultServer: String,
    message: String?,
    private val onJoin: (JoinTarget) -> Unit,
    onScan: () -> Unit,
) : LinearLayout(context) {
    private val server = EditText(context).apply {
        hint = "Server, e.g. https://help.example.org"
        inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_VARIATION_URI
        setText(defaultServer)
    }
    private val code = EditText(context).apply {
        hint = "Nine-digit code or join link"
        inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_VARIATION_URI
    }
    private val status = context.label(message ?: "", 14f)

    init {
        orientation = VERTICAL
        val pad = context.dp(24)
        setPadding(pad, pad, pad, pad)
        addView(context.label("Get help from a technician", 22f))
        addView(context.label("Enter the code the technician gave you, or scan their QR code.", 14f))
        addView(server)
        addView(code)
        addView(context.button("Join") { submit() })
        addView(context.button("Scan the join QR code") { onScan() })
        addView(status)
    }

    private fun submit() {
        val target = JoinTarget.parse(code.text.toString(), server.text.toString())
        if (target == null) {
            status.text = "Enter the nine digits of the code (or the whole link) and the server's address."
            return
        }
        onJoin(target)
    }
}
