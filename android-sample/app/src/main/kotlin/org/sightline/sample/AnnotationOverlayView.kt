package org.sightline.sample

import android.content.Context
import android.graphics.Canvas
import android.graphics.Paint
import android.graphics.Path
import android.graphics.RectF
import android.util.Size
import android.view.View
import org.sightline.sdk.NormalizedPoint
import org.sightline.sdk.OverlayAnnotation
import org.sightline.sdk.OverlayShape
import org.sightline.sdk.colourArgb
import org.sightline.sdk.textHeightPerWidth
import kotlin.math.atan2
import kotlin.math.cos
import kotlin.math.min
import kotlin.math.sin

/**
 * Draws the technicians' annotations (the SDK's overlay model) over the camera preview. They
 * are normalised to the streamed picture, which the preview shows fitted into the view
 * (FIT_CENTER): they are drawn into the same fitted rectangle, so they stay on what the
 * technician pointed at.
 */
class AnnotationOverlayView(context: Context) : View(context) {
    private var marks: List<OverlayAnnotation> = emptyList()
    private val textHeightPerWidth = textHeightPerWidth()
    private var picture: Size? = null
    private val stroke = Paint(Paint.ANTI_ALIAS_FLAG).apply {
        style = Paint.Style.STROKE
        strokeCap = Paint.Cap.ROUND
        strokeJoin = Paint.Join.ROUND
    }
    private val text = Paint(Paint.ANTI_ALIAS_FLAG).apply { style = Paint.Style.FILL }

    /** Shows [marks], oldest first, from now on (main thread). */
    fun show(marks: List<OverlayAnnotation>) {
        this.marks = marks
        invalidate()
    }

    /** The size of the streamed picture, whose aspect the preview keeps (main thread). */
    fun setPictureSize(size: Size) {
        picture = size
        invalidate()
    }

    override fun onDraw(canvas: Canvas) {
        super.onDraw(canvas)
        val area = pictureArea() ?: return
        for (mark in marks) draw(canvas, mark, area)
    }

    /** Where the picture lies in this view, fitted and centred. */
    private fun pictureArea(): RectF? {
        val size = picture ?: return null
        if (size.width <= 0 || size.height <= 0 || width == 0 || height == 0) return null
        val scale = min(width.toFloat() / size.width, height.toFloat() / size.height)
        val w = size.width * scale
        val h = size.height * scale
        val left = (width - w) / 2
        val top = (height - h) / 2
        return RectF(left, top, left + w, top + h)
    }

    private fun draw(canvas: Canvas, mark: OverlayAnnotation, area: RectF) {
        fun x(p: NormalizedPoint) = area.left + p.x * area.width()
        fun y(p: NormalizedPoint) = area.top + p.y * area.height()
        val lineWidth = mark.width * area.width()
        stroke.color = colourArgb(mark.colour).toInt()
        stroke.strokeWidth = lineWidth
        when (val shape = mark.shape) {
            is OverlayShape.Arrow -> {
                val (x1, y1, x2, y2) = listOf(x(shape.from), y(shape.from), x(shape.to), y(shape.to))
                canvas.drawLine(x1, y1, x2, y2, stroke)
                val angle = atan2(y2 - y1, x2 - x1)
                val head = lineWidth * 4
                for (side in listOf(-1, 1)) {
                    val wing = angle + Math.PI.toFloat() + side * HEAD_ANGLE
                    canvas.drawLine(x2, y2, x2 + head * cos(wing), y2 + head * sin(wing), stroke)
                }
            }
            is OverlayShape.Circle -> canvas.drawOval(box(x(shape.from), y(shape.from), x(shape.to), y(shape.to)), stroke)
            is OverlayShape.Rectangle -> canvas.drawRect(box(x(shape.from), y(shape.from), x(shape.to), y(shape.to)), stroke)
            is OverlayShape.Freehand -> {
                val first = shape.points.firstOrNull() ?: return
                val path = Path().apply {
                    moveTo(x(first), y(first))
                    shape.points.drop(1).forEach { lineTo(x(it), y(it)) }
                }
                canvas.drawPath(path, stroke)
            }
            is OverlayShape.Text -> {
                text.color = colourArgb(mark.colour).toInt()
                text.textSize = lineWidth * textHeightPerWidth
                // drawText's y is the baseline; the mark's point is the text's top left.
                canvas.drawText(shape.text, x(shape.at), y(shape.at) - text.ascent(), text)
            }
        }
    }

    private fun box(x1: Float, y1: Float, x2: Float, y2: Float) = RectF(min(x1, x2), min(y1, y2), maxOf(x1, x2), maxOf(y1, y2))

    private companion object {
        /** Each wing of an arrow's head, off the shaft (radians). */
        const val HEAD_ANGLE = 0.5f
    }
}
