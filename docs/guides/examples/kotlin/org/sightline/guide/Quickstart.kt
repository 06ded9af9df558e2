// The Kotlin guide's example (docs/guides/kotlin.md), complete: a camera, a listener, join,
// stream, handle the technician's commands and the end. The bindings' Kotlin tests run it
// against a real server (GuideExampleTest).
package org.sightline.guide

import kotlinx.coroutines.runBlocking
import org.sightline.sdk.AudioStatus
import org.sightline.sdk.Camera
import org.sightline.sdk.CameraCapabilities
import org.sightline.sdk.CameraConfig
import org.sightline.sdk.CameraFacing
import org.sightline.sdk.ConnectionEvent
import org.sightline.sdk.EndReason
import org.sightline.sdk.PixelFormat
import org.sightline.sdk.Resolution
import org.sightline.sdk.ScanResult
import org.sightline.sdk.SdkException
import org.sightline.sdk.SessionConfig
import org.sightline.sdk.SessionListener
import org.sightline.sdk.SessionState
import org.sightline.sdk.SightlineSession
import org.sightline.sdk.StillImage
import org.sightline.sdk.VideoFrame
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/**
 * A camera without hardware: a moving grey ramp. A real app puts its platform camera here
 * (the Android sample's CameraXCamera) and pushes the frames it delivers.
 */
class RampCamera : Camera {
    @Volatile var session: SightlineSession? = null
    @Volatile var pushed = 0
        private set
    @Volatile private var running = false
    private var torch = false
    private var zoom = 1f

    override fun capabilities() = CameraCapabilities(
        facing = CameraFacing.BACK, availableFacings = listOf(CameraFacing.BACK), hasTorch = true,
        minZoom = 1f, maxZoom = 4f, maxStillResolution = Resolution(WIDTH, HEIGHT),
    )

    override fun start(config: CameraConfig) {
        running = true
        thread(isDaemon = true, name = "ramp-camera") {
            var index = 0L
            while (running) {
                Thread.sleep(1000L / config.fps.toLong())
                val target = session ?: continue
                try {
                    target.pushFrame(frame(index++))
                    pushed++
                } catch (closed: SdkException.StreamClosed) {
                    running = false
                }
            }
        }
    }

    override fun stop() {
        running = false
    }

    // Technicians' commands: do them, or throw the SDK's reason for not doing them.
    override fun setTorch(on: Boolean) {
        torch = on
    }

    override fun setZoom(ratio: Float) {
        if (ratio < 1f || ratio > 4f) throw SdkException.ZoomOutOfRange(ratio, 1f, 4f)
        zoom = ratio
    }

    override fun captureStill(): StillImage = StillImage.Raw(frame(0))

    override fun switchFacing(facing: CameraFacing): CameraCapabilities = throw SdkException.NoCameraFacing(facing)

    private fun frame(index: Long): VideoFrame {
        val width = WIDTH.toInt()
        val height = HEIGHT.toInt()
        val rgba = ByteArray(width * height * 4)
        for (y in 0 until height) {
            for (x in 0 until width) {
                val shade = ((x + index * 4) % 256).toByte()
                val at = (y * width + x) * 4
                rgba[at] = shade
                rgba[at + 1] = shade
                rgba[at + 2] = shade
                rgba[at + 3] = -1
            }
        }
        return VideoFrame(PixelFormat.RGBA, WIDTH, HEIGHT, listOf(WIDTH * 4u), rgba, index.toULong() * 66_666UL)
    }

    private companion object {
        const val WIDTH = 320u
        const val HEIGHT = 240u
    }
}

/** Hears the session's states (on the SDK's threads: hand them to your UI thread). */
class StateQueue : SessionListener {
    val states = LinkedBlockingQueue<SessionState>()

    override fun onStateChanged(state: SessionState) {
        states.add(state)
    }

    override fun onConnectionEvent(event: ConnectionEvent) {
        if (event is ConnectionEvent.RecordingChanged) println(if (event.recording) "● recording" else "recording stopped")
    }

    override fun onAudioStatus(status: AudioStatus) {
        println("microphone ${status.mic}, playing on ${status.route}")
    }

    override fun onCodesFound(codes: List<ScanResult>) {
        codes.forEach { println("the technician scanned ${it.format}: ${it.text}") }
    }

    fun next(): SessionState = states.poll(30, TimeUnit.SECONDS) ?: error("no state change within 30 s")
}

/**
 * Joins with [config], streams until [frames] frames went out (a real app streams until the
 * session ends), ends the session as the customer would, and returns why it ended. A code that
 * cannot be joined comes back as its reason too.
 */
fun joinAndStream(config: SessionConfig, frames: Int): EndReason {
    val camera = RampCamera()
    val listener = StateQueue()
    val session = try {
        runBlocking { SightlineSession.join(config, camera, listener) }
    } catch (refused: SdkException.JoinRefused) {
        return refused.reason // InvalidCode, SessionExpired, SdkTooOld: tell the customer
    }
    session.use {
        camera.session = it
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (camera.pushed < frames) {
            check(System.nanoTime() < deadline) { "only ${camera.pushed} frames went out in 60 s" }
            when (val state = listener.states.poll(100, TimeUnit.MILLISECONDS)) {
                null -> {}
                is SessionState.Ended -> return state.reason
                else -> println("session: $state")
            }
        }
        it.end() // the customer's "End" button
        while (true) {
            val state = listener.next()
            if (state is SessionState.Ended) return state.reason
        }
    }
}

fun main(args: Array<String>) {
    val code = args.firstOrNull() ?: error("usage: Quickstart <join code>")
    println("ended: " + joinAndStream(SessionConfig(serverUrl = "https://help.example.org", code = code), frames = 300))
}
