package org.sightline.sample

import android.content.Context
import android.util.Log
import android.view.Gravity
import android.widget.FrameLayout
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import androidx.camera.core.Preview
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.core.content.ContextCompat
import androidx.lifecycle.LifecycleOwner
import org.sightline.sdk.BarcodeFormat
import org.sightline.sdk.BarcodeScanner
import org.sightline.sdk.SdkException
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Scans the technician's join QR code with the SDK's own decoder (the same one that serves
 * technicians' scans), on CameraX analysis frames. The first code that is a join link ends
 * the scan with [onFound]; [onCancel] goes back.
 */
class JoinQrScreen(
    context: Context,
    private val owner: LifecycleOwner,
    private val defaultServer: String,
    private val onFound: (JoinTarget) -> Unit,
    onCancel: () -> Unit,
) : FrameLayout(context) {
    private val preview = PreviewView(context).apply { setScaleType(PreviewView.ScaleType.FILL_CENTER) }
    private val scanner = BarcodeScanner(listOf(BarcodeFormat.QR_CODE))
    private val analysisThread = Executors.newSingleThreadExecutor()
    private val found = AtomicBoolean(false)
    private var provider: ProcessCameraProvider? = null

    init {
        addView(preview, LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.MATCH_PARENT))
        addView(context.label("Point the camera at the technician's QR code"), LayoutParams(LayoutParams.WRAP_CONTENT, LayoutParams.WRAP_CONTENT, Gravity.TOP or Gravity.CENTER_HORIZONTAL))
        addView(context.button("Cancel") { onCancel() }, LayoutParams(LayoutParams.WRAP_CONTENT, LayoutParams.WRAP_CONTENT, Gravity.BOTTOM or Gravity.CENTER_HORIZONTAL))
    }

    /** Starts the camera and the scan. */
    fun start() {
        val future = ProcessCameraProvider.getInstance(context)
        future.addListener({
            val provider = future.get().also { provider = it }
            val analysis = ImageAnalysis.Builder()
                .setOutputImageFormat(ImageAnalysis.OUTPUT_IMAGE_FORMAT_RGBA_8888)
                .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
                .build()
            analysis.setAnalyzer(analysisThread) { image -> image.use { look(it) } }
            val shown = Preview.Builder().build().also { it.setSurfaceProvider(preview.surfaceProvider) }
            provider.unbindAll()
            provider.bindToLifecycle(owner, CameraSelector.DEFAULT_BACK_CAMERA, shown, analysis)
        }, ContextCompat.getMainExecutor(context))
    }

    /** Stops the camera and frees the decoder (the screen is left). */
    fun stop() {
        provider?.unbindAll()
        analysisThread.shutdown()
        scanner.close()
    }

    private fun look(image: ImageProxy) {
        if (found.get()) return
        val codes = try {
            scanner.scan(image.toRgbaFrame())
        } catch (skipped: SdkException) {
            // A decode over its time budget, or an odd frame: the next frame is another chance.
            Log.d("SightlineJoinQr", "scan skipped: ${skipped.message}")
            return
        }
        val target = codes.firstNotNullOfOrNull { JoinTarget.parse(it.text, defaultServer) } ?: return
        if (found.compareAndSet(false, true)) postToMain { onFound(target) }
    }
}
