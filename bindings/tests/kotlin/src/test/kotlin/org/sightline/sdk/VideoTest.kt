package org.sightline.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.concurrent.CopyOnWriteArrayList

/** A microphone that captures nothing the test needs and a loudspeaker that ignores the voices. */
class SilentAudio : AudioDevice {
    val calls = CopyOnWriteArrayList<String>()
    override fun startCapture() { calls.add("start") }
    override fun stopCapture() { calls.add("stop") }
    override fun play(frame: List<Short>) {}
}

/**
 * The customer's say over the picture and its audio report, on the JVM against a real server:
 * nothing goes out before `consent()`, `pauseVideo()` keeps the picture back (pushed frames are
 * dropped without an error, a snapshot is refused) until `resumeVideo()`, and the technician is
 * told each change; the app's audio status reaches `onAudioStatus` and the technician.
 */
class VideoTest : ServerTest() {
    private fun config(serverUrl: String, code: String, consentRequired: Boolean = false) = SessionConfig(
        serverUrl, code, loopbackOnly = true, camera = CameraConfig(Resolution(320u, 240u), 15u, CameraFacing.BACK),
        consentRequired = consentRequired,
    )

    private fun SightlineSession.framesSent() = stats()?.framesSent ?: 0UL

    @Test
    fun `consent, pause and resume reach the technician`() {
        val (started, technician) = technician()
        val session = technician.startSession()
        val camera = LoopCamera()
        val states = States()
        runBlocking { SightlineSession.join(config(started.url, session.code, consentRequired = true), camera, states) }.use { phone ->
            camera.session = phone
            assertEquals(VideoState.AWAITING_CONSENT, phone.videoState())
            LiveConnection(started.url, session.id, technician.cookie).use { live ->
                live.await("the pending consent") { it == """{"type":"video","state":"awaiting_consent"}""" }
                eventually("the media connection") { states.states.any { it is SessionState.Live } }
                val pushed = camera.pushed.get()
                eventually("frames pushed while waiting") { camera.pushed.get() >= pushed + 5 }
                assertEquals(0UL, phone.framesSent(), "nothing goes out before the customer agrees")
                assertEquals(
                    """{"status":"failed","reason":"the customer has not agreed to show the video yet"}""",
                    live.command("""{"action":"snapshot"}"""),
                )

                var since = live.seen.size
                phone.consent()
                assertEquals(VideoState.SENDING, phone.videoState())
                live.await("the consent", since) { it == """{"type":"video","state":"sending"}""" }
                eventually("frames sent after the consent") { phone.framesSent() > 0UL }

                since = live.seen.size
                phone.pauseVideo()
                live.await("the pause", since) { it == """{"type":"video","state":"paused"}""" }
                assertEquals("""{"status":"failed","reason":"the customer paused the video"}""", live.command("""{"action":"snapshot"}"""))
                // Frames the encoder took before the pause may still go out; after them, nothing does.
                val pausedAt = camera.pushed.get()
                eventually("frames pushed while paused") { camera.pushed.get() >= pausedAt + 5 }
                val held = phone.framesSent()
                val before = camera.pushed.get()
                eventually("more frames pushed while paused") { camera.pushed.get() >= before + 5 }
                assertEquals(held, phone.framesSent(), "a paused video sends nothing")

                since = live.seen.size
                phone.resumeVideo()
                live.await("the resume", since) { it == """{"type":"video","state":"sending"}""" }
                eventually("frames sent after the resume") { phone.framesSent() > held }
            }
            phone.end()
            eventually("the end") { states.states.any { it is SessionState.Ended } }
            assertThrows<SdkException.SessionEnded> { phone.pauseVideo() }
        }
        assertEquals(emptyList<SdkException>(), camera.pushErrors.toList(), "dropped frames are no errors")
    }

    @Test
    fun `the audio status reaches the listener and the technician`() {
        val (started, technician) = technician()
        val session = technician.startSession()
        val camera = LoopCamera()
        val audio = SilentAudio()
        val states = States()
        runBlocking { SightlineSession.joinWithAudio(config(started.url, session.code), camera, audio, states) }.use { phone ->
            camera.session = phone
            LiveConnection(started.url, session.id, technician.cookie).use { live ->
                val busy = AudioStatus(MicStatus.BUSY, AudioRoute.EARPIECE)
                phone.audioStatusChanged(busy)
                assertEquals(listOf(busy), states.audio.toList())
                val report = live.await("the audio status") { it.startsWith("""{"type":"audio_status"""") }
                assertEquals(true, report.endsWith(""""status":{"mic":"busy","route":"earpiece"}}"""), report)
            }
            phone.end()
            eventually("the end") { states.states.any { it is SessionState.Ended } }
        }
        assertEquals(listOf("start", "stop"), audio.calls.toList())
    }
}
