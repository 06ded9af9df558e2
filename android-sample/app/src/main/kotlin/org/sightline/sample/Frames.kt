package org.sightline.sample

import android.graphics.ImageFormat
import androidx.camera.core.ImageProxy
import org.sightline.sdk.PixelFormat
import org.sightline.sdk.SdkException
import org.sightline.sdk.StillImage
import org.sightline.sdk.VideoFrame

/**
 * An RGBA_8888 analysis image (ImageAnalysis.OUTPUT_IMAGE_FORMAT_RGBA_8888) as the SDK's raw
 * frame. The rows are copied tightly packed: the buffer's row stride may carry padding and
 * its last row may stop at the picture's edge.
 */
fun ImageProxy.toRgbaFrame(): VideoFrame {
    val plane = planes.firstOrNull() ?: throw SdkException.InvalidFrame("the image has no plane")
    val rowBytes = width * 4
    if (plane.pixelStride != 4 || plane.rowStride < rowBytes) {
        throw SdkException.InvalidFrame("not RGBA_8888: pixel stride ${plane.pixelStride}, row stride ${plane.rowStride}")
    }
    val buffer = plane.buffer.duplicate()
    val data = ByteArray(rowBytes * height)
    for (row in 0 until height) {
        buffer.position(row * plane.rowStride)
        buffer.get(data, row * rowBytes, rowBytes)
    }
    return VideoFrame(
        format = PixelFormat.RGBA,
        width = width.toUInt(),
        height = height.toUInt(),
        strides = listOf(rowBytes.toUInt()),
        data = data,
        // CameraX stamps images in nanoseconds on the monotonic clock.
        timestampUs = (imageInfo.timestamp / 1_000).toULong(),
    )
}

/** A still of ImageCapture's in-memory capture (one JPEG plane) as the SDK's still. */
fun ImageProxy.toJpegStill(): StillImage {
    if (format != ImageFormat.JPEG) throw SdkException.CameraFailure("the still is not JPEG (format $format)")
    val buffer = planes.firstOrNull()?.buffer?.duplicate() ?: throw SdkException.CameraFailure("the still has no data")
    buffer.rewind()
    val jpeg = ByteArray(buffer.remaining()).also { buffer.get(it) }
    return StillImage.Jpeg(jpeg, width.toUInt(), height.toUInt())
}
