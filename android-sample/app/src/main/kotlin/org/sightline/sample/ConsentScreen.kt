package org.sightline.sample

import android.content.Context
import android.widget.LinearLayout

/**
 * The customer's consent, over the joined session: the SDK streams nothing until [onAgree]
 * reports it (`SightlineSession.consent`); the technicians see that the customer has not agreed yet.
 */
class ConsentScreen(context: Context, target: JoinTarget, onAgree: () -> Unit, onDecline: () -> Unit) : LinearLayout(context) {
    init {
        orientation = VERTICAL
        val pad = context.dp(24)
        setPadding(pad, pad, pad, pad)
        addView(context.label("Share your camera?", 22f))
        addView(
            context.label(
                "The technician at ${target.serverUrl} will see what your back camera sees, can switch on " +
                    "its light, zoom, take pictures, scan codes in view and draw on the picture. " +
                    "You can pause the video and end the session at any time.",
                15f,
            ),
        )
        addView(context.button("Share my camera") { onAgree() })
        addView(context.button("Cancel") { onDecline() })
    }
}
