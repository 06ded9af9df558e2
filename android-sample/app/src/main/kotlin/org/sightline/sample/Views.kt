package org.sightline.sample

import android.content.Context
import android.view.View
import android.widget.Button
import android.widget.TextView

// Views are built in code: the sample needs no resources (and no generated R class).

/** [value] density-independent pixels in pixels. */
fun Context.dp(value: Int): Int = (value * resources.displayMetrics.density).toInt()

fun Context.label(text: String, sizeSp: Float = 16f): TextView = TextView(this).apply {
    this.text = text
    textSize = sizeSp
}

fun Context.button(text: String, onClick: () -> Unit): Button = Button(this).apply {
    this.text = text
    setOnClickListener { onClick() }
}

fun View.visibleIf(visible: Boolean) {
    visibility = if (visible) View.VISIBLE else View.GONE
}
