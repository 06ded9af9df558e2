package org.sightline.sample

import android.os.Handler
import android.os.Looper
import org.sightline.sdk.SdkException
import java.util.concurrent.ExecutionException
import java.util.concurrent.FutureTask
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException

/** How long an SDK thread waits for the main thread or for CameraX before it gives up. */
const val CAMERA_WAIT_SECONDS = 10L

private val mainHandler = Handler(Looper.getMainLooper())

/** Runs [block] on the main thread (CameraX binds there) and waits for it, boundedly. */
fun <T> onMainThread(what: String, block: () -> T): T {
    if (Looper.myLooper() == Looper.getMainLooper()) return block()
    val task = FutureTask(block)
    mainHandler.post(task)
    return awaitCamera(what) { task.get(CAMERA_WAIT_SECONDS, TimeUnit.SECONDS) }
}

/** Posts [block] to the main thread without waiting (listener callbacks to the UI). */
fun postToMain(block: () -> Unit) {
    mainHandler.post(block)
}

/** Waits for a camera operation, turning its failure into the SDK's camera error. */
fun <T> awaitCamera(what: String, wait: () -> T): T = try {
    wait()
} catch (timeout: TimeoutException) {
    throw SdkException.CameraFailure("$what did not finish within $CAMERA_WAIT_SECONDS s")
} catch (failed: ExecutionException) {
    throw failed.cause as? SdkException ?: SdkException.CameraFailure("$what failed: ${failed.cause?.message}")
}
