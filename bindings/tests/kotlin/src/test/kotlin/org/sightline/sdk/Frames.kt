package org.sightline.sdk

import com.google.zxing.EncodeHintType
import com.google.zxing.qrcode.QRCodeWriter
import com.google.zxing.BarcodeFormat as ZxingFormat

/** A grey picture (one byte per pixel, row after row) with a QR code drawn by ZXing. */
class QrPicture(text: String, val width: Int, val height: Int, val left: Int, val top: Int, modulePx: Int) {
    val luma = ByteArray(width * height) { 0xFF.toByte() }
    val right: Int
    val bottom: Int

    init {
        val symbol = QRCodeWriter().encode(text, ZxingFormat.QR_CODE, 0, 0, mapOf(EncodeHintType.MARGIN to 0))
        right = left + symbol.width * modulePx
        bottom = top + symbol.height * modulePx
        for (y in top until bottom) {
            for (x in left until right) {
                if (symbol.get((x - left) / modulePx, (y - top) / modulePx)) luma[y * width + x] = 0
            }
        }
    }

    /** A tightly packed I420 frame of the picture with neutral chroma. */
    fun i420(): VideoFrame {
        val chromaWidth = (width + 1) / 2
        val chroma = ByteArray(chromaWidth * ((height + 1) / 2) * 2) { 128.toByte() }
        return VideoFrame(
            format = PixelFormat.I420,
            width = width.toUInt(),
            height = height.toUInt(),
            strides = listOf(width.toUInt(), chromaWidth.toUInt(), chromaWidth.toUInt()),
            data = luma + chroma,
            timestampUs = 0UL,
        )
    }

    /** A tightly packed NV12 frame of the picture with neutral interleaved chroma. */
    fun nv12(): VideoFrame {
        val chromaStride = (width + 1) / 2 * 2
        val chroma = ByteArray(chromaStride * ((height + 1) / 2)) { 128.toByte() }
        return VideoFrame(PixelFormat.NV12, width.toUInt(), height.toUInt(), listOf(width.toUInt(), chromaStride.toUInt()), luma + chroma, 0UL)
    }

    /** A tightly packed RGBA frame of the grey picture. */
    fun rgba(): VideoFrame {
        val pixels = ByteArray(width * height * 4) { i -> if (i % 4 == 3) 0xFF.toByte() else luma[i / 4] }
        return VideoFrame(PixelFormat.RGBA, width.toUInt(), height.toUInt(), listOf((width * 4).toUInt()), pixels, 0UL)
    }
}
