package org.sightline.sample

import android.content.Context
import android.util.Log
import android.util.Size
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageCapture
import androidx.camera.core.ImageCaptureException
import androidx.camera.core.ImageProxy
import androidx.camera.core.Preview
import androidx.camera.core.resolutionselector.ResolutionSelector
import androidx.camera.core.resolutionselector.ResolutionStrategy
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.lifecycle.LifecycleOwner
import org.sightline.sdk.Camera
import org.sightline.sdk.CameraCapabilities
import org.sightline.sdk.CameraConfig
import org.sightline.sdk.CameraFacing
import org.sightline.sdk.Resolution
import org.sightline.sdk.SdkException
import org.sightline.sdk.StillImage
import org.sightline.sdk.VideoFrame
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * The phone's camera for the SDK, on CameraX: a Preview into [previewView], an ImageAnalysis
 * whose RGBA frames go to [frameSink] (the session's `pushFrame`), and an ImageCapture for
 * full-resolution stills. The torch goes through `CameraControl.enableTorch`, zoom through
 * `CameraControl.setZoomRatio`. The SDK calls these methods on its own threads; binding
 * happens on the main thread, as CameraX requires, and every wait is bounded.
 */
class CameraXCamera(
    private val context: Context,
    private val owner: LifecycleOwner,
    private val previewView: PreviewView,
) : Camera {
    /** Where the frames go once the session is joined; frames before that are dropped. */
    @Volatile var frameSink: ((VideoFrame) -> Unit)? = null

    /** Told the size of the streamed picture (upright) whenever it changes, for the overlay. */
    @Volatile var onPictureSize: ((Size) -> Unit)? = null

    private class Bound(val camera: androidx.camera.core.Camera, val facing: CameraFacing, val capture: ImageCapture)

    @Volatile private var bound: Bound? = null
    @Volatile private var provider: ProcessCameraProvider? = null
    @Volatile private var config: CameraConfig? = null
    @Volatile private var facings: List<CameraFacing> = emptyList()
    @Volatile private var pictureSize: Size? = null
    private val analysisThread = Executors.newSingleThreadExecutor()
    private val captureThread = Executors.newSingleThreadExecutor()

    override fun capabilities(): CameraCapabilities {
        val now = bound
        val info = now?.camera?.cameraInfo
        val zoom = info?.zoomState?.value
        val still = now?.capture?.resolutionInfo?.resolution
        return CameraCapabilities(
            facing = now?.facing ?: config?.facing ?: CameraFacing.BACK,
            availableFacings = facings,
            hasTorch = info?.hasFlashUnit() ?: false,
            minZoom = zoom?.minZoomRatio ?: 1f,
            maxZoom = zoom?.maxZoomRatio ?: 1f,
            maxStillResolution = Resolution((still?.width ?: 0).toUInt(), (still?.height ?: 0).toUInt()),
        )
    }

    override fun start(config: CameraConfig) {
        val provider = awaitCamera("opening CameraX") {
            ProcessCameraProvider.getInstance(context).get(CAMERA_WAIT_SECONDS, TimeUnit.SECONDS)
        }
        this.provider = provider
        this.config = config
        // hasCamera throws while CameraX cannot read a camera's details: count it as absent.
        facings = listOf(CameraFacing.BACK, CameraFacing.FRONT).filter { runCatching { provider.hasCamera(selectorFor(it)) }.getOrDefault(false) }
        bind(config.facing)
    }

    override fun stop() {
        val provider = provider ?: return
        bound = null
        onMainThread("releasing the camera") { provider.unbindAll() }
    }

    override fun setTorch(on: Boolean) {
        val camera = bound?.camera ?: throw SdkException.CameraNotStarted()
        if (!camera.cameraInfo.hasFlashUnit()) throw SdkException.NoTorch()
        awaitCamera("switching the torch") { camera.cameraControl.enableTorch(on).get(CAMERA_WAIT_SECONDS, TimeUnit.SECONDS) }
    }

    override fun setZoom(ratio: Float) {
        val camera = bound?.camera ?: throw SdkException.CameraNotStarted()
        val zoom = camera.cameraInfo.zoomState.value ?: throw SdkException.CameraFailure("the camera reports no zoom range yet")
        if (ratio < zoom.minZoomRatio || ratio > zoom.maxZoomRatio) {
            throw SdkException.ZoomOutOfRange(ratio, zoom.minZoomRatio, zoom.maxZoomRatio)
        }
        awaitCamera("zooming") { camera.cameraControl.setZoomRatio(ratio).get(CAMERA_WAIT_SECONDS, TimeUnit.SECONDS) }
    }

    override fun captureStill(): StillImage {
        val capture = bound?.capture ?: throw SdkException.CameraNotStarted()
        val still = CompletableFuture<StillImage>()
        capture.takePicture(captureThread, object : ImageCapture.OnImageCapturedCallback() {
            override fun onCaptureSuccess(image: ImageProxy) {
                image.use {
                    try {
                        still.complete(it.toJpegStill())
                    } catch (error: SdkException) {
                        still.completeExceptionally(error)
                    }
                }
            }

            override fun onError(exception: ImageCaptureException) {
                still.completeExceptionally(SdkException.CameraFailure("the still failed: ${exception.message}"))
            }
        })
        return awaitCamera("capturing a still") { still.get(CAMERA_WAIT_SECONDS, TimeUnit.SECONDS) }
    }

    override fun switchFacing(facing: CameraFacing): CameraCapabilities = bind(facing)

    /** Ends the camera's own threads (the activity is going away). */
    fun close() {
        analysisThread.shutdown()
        captureThread.shutdown()
    }

    private fun bind(facing: CameraFacing): CameraCapabilities {
        val provider = provider ?: throw SdkException.CameraNotStarted()
        val config = config ?: throw SdkException.CameraNotStarted()
        if (facing !in facings) throw SdkException.NoCameraFacing(facing)
        val streamed = Size(config.resolution.width.toInt(), config.resolution.height.toInt())
        val analysis = ImageAnalysis.Builder()
            .setResolutionSelector(
                ResolutionSelector.Builder()
                    .setResolutionStrategy(ResolutionStrategy(streamed, ResolutionStrategy.FALLBACK_RULE_CLOSEST_HIGHER_THEN_LOWER))
                    .build(),
            )
            .setOutputImageFormat(ImageAnalysis.OUTPUT_IMAGE_FORMAT_RGBA_8888)
            // Frames arrive upright, so technicians see the picture as the customer holds it.
            .setOutputImageRotationEnabled(true)
            .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
            .build()
        analysis.setAnalyzer(analysisThread) { image -> image.use { deliver(it) } }
        val capture = ImageCapture.Builder().setCaptureMode(ImageCapture.CAPTURE_MODE_MAXIMIZE_QUALITY).build()
        val preview = Preview.Builder().build()
        val camera = onMainThread("binding the camera") {
            provider.unbindAll()
            preview.setSurfaceProvider(previewView.surfaceProvider)
            provider.bindToLifecycle(owner, selectorFor(facing), preview, analysis, capture)
        }
        bound = Bound(camera, facing, capture)
        return capabilities()
    }

    private fun deliver(image: ImageProxy) {
        val size = Size(image.width, image.height)
        if (size != pictureSize) {
            pictureSize = size
            onPictureSize?.invoke(size)
        }
        val sink = frameSink ?: return
        try {
            sink(image.toRgbaFrame())
        } catch (error: SdkException) {
            Log.w(TAG, "a frame was not streamed: ${error.message}")
        }
    }

    private fun selectorFor(facing: CameraFacing): CameraSelector = when (facing) {
        CameraFacing.BACK -> CameraSelector.DEFAULT_BACK_CAMERA
        CameraFacing.FRONT -> CameraSelector.DEFAULT_FRONT_CAMERA
    }

    private companion object {
        const val TAG = "SightlineCamera"
    }
}
