package org.sightline.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.net.URI
import java.net.http.HttpClient
import java.net.http.WebSocket
import java.util.concurrent.CompletionStage
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread

private const val TIMEOUT_S = 30L

/** Waits until `condition` holds. */
fun eventually(what: String, condition: () -> Boolean) {
    val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S)
    while (!condition()) {
        check(System.nanoTime() < deadline) { "timed out waiting for $what" }
        Thread.sleep(20)
    }
}

/** The technician's live connection to one session: the JSON messages it received, in order. */
class LiveConnection(serverUrl: String, sessionId: String, cookie: String) : WebSocket.Listener, AutoCloseable {
    private val incoming = LinkedBlockingQueue<String>()
    private val partial = StringBuilder()
    val seen = mutableListOf<String>()
    private val socket: WebSocket = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", cookie)
        .buildAsync(URI.create(serverUrl.replaceFirst("http", "ws") + "/api/sessions/$sessionId/live"), this)
        .get(TIMEOUT_S, TimeUnit.SECONDS)

    override fun onText(webSocket: WebSocket, data: CharSequence, last: Boolean): CompletionStage<*>? {
        partial.append(data)
        if (last) {
            incoming.add(partial.toString())
            partial.setLength(0)
        }
        webSocket.request(1)
        return null
    }

    fun send(json: String) {
        socket.sendText(json, true).get(TIMEOUT_S, TimeUnit.SECONDS)
    }

    /** The first message from position `since` on, received before or now, that `accept` takes. */
    fun await(what: String, since: Int = 0, accept: (String) -> Boolean): String {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S)
        var index = since
        while (true) {
            while (index < seen.size) {
                if (accept(seen[index])) return seen[index]
                index++
            }
            val next = incoming.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)
                ?: error("timed out waiting for $what; seen ${seen.map { TYPE.find(it)?.groupValues?.get(1) }}")
            seen.add(next)
        }
    }

    /** Sends a command (its JSON) to the phone and returns the phone's outcome (its JSON). */
    fun command(command: String): String {
        val since = seen.size
        send("""{"type":"command","command":$command}""")
        val sent = await("the command $command to be sent", since) { it.startsWith("""{"type":"command_sent"""") && it.contains(command) }
        val id = ID.find(sent)!!.groupValues[1]
        val done = await("the phone's answer to $command", since) { it.startsWith("""{"type":"command_done","id":"$id"""") }
        return done.substringAfter(""""outcome":""").dropLast(1)
    }

    override fun close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT_S, TimeUnit.SECONDS)
    }

    companion object {
        private val TYPE = Regex(""""type":"([a-z_]+)"""")
        private val ID = Regex(""""id":"([^"]+)"""")
    }
}

/** A camera with a torch and a 1-4x zoom that streams I420, NV12 and RGBA frames in turn. */
class LoopCamera : Camera {
    val calls = CopyOnWriteArrayList<String>()
    val pushErrors = CopyOnWriteArrayList<SdkException>()
    val pushed = AtomicInteger()
    @Volatile var session: SightlineSession? = null
    @Volatile var torchFails = false
    @Volatile private var streaming = false
    private var streamer: Thread? = null

    override fun capabilities() = CameraCapabilities(
        facing = CameraFacing.BACK, availableFacings = listOf(CameraFacing.BACK), hasTorch = true,
        minZoom = 1f, maxZoom = 4f, maxStillResolution = Resolution(640u, 480u),
    )
    override fun start(config: CameraConfig) {
        calls.add("start")
        streaming = true
        streamer = thread(isDaemon = true) {
            val width = config.resolution.width.toInt()
            val height = config.resolution.height.toInt()
            var index = 0
            while (streaming) {
                Thread.sleep(1000L / config.fps.toLong())
                val target = session ?: continue
                val picture = QrPicture("frame $index", width, height, left = 0, top = 0, modulePx = 2)
                val frame = when (index % 3) { 0 -> picture.i420(); 1 -> picture.nv12(); else -> picture.rgba() }
                try {
                    target.pushFrame(frame.copy(timestampUs = index.toULong() * 1_000_000UL / config.fps))
                    pushed.incrementAndGet()
                } catch (error: SdkException) {
                    pushErrors.add(error)
                }
                index++
            }
        }
    }
    override fun stop() {
        calls.add("stop")
        streaming = false
        streamer?.join()
    }
    override fun setTorch(on: Boolean) {
        if (torchFails) throw IllegalStateException("the torch driver crashed")
        calls.add("torch $on")
    }
    override fun setZoom(ratio: Float) {
        if (ratio !in 1f..4f) throw SdkException.ZoomOutOfRange(ratio, 1f, 4f)
        calls.add("zoom $ratio")
    }
    override fun captureStill(): StillImage {
        calls.add("still")
        return StillImage.Raw(QrPicture("still", 640, 480, left = 0, top = 0, modulePx = 4).i420())
    }
    override fun switchFacing(facing: CameraFacing): CameraCapabilities = throw SdkException.NoCameraFacing(facing)
}

class States : SessionListener {
    val states = CopyOnWriteArrayList<SessionState>()
    val events = CopyOnWriteArrayList<ConnectionEvent>()
    val audio = CopyOnWriteArrayList<AudioStatus>()
    override fun onStateChanged(state: SessionState) { states.add(state) }
    override fun onConnectionEvent(event: ConnectionEvent) { events.add(event) }
    val codes = CopyOnWriteArrayList<ScanResult>()
    override fun onAudioStatus(status: AudioStatus) { audio.add(status) }
    override fun onCodesFound(codes: List<ScanResult>) { this.codes.addAll(codes) }
}

class Heard : OverlayListener, FreezeListener, ChatListener {
    val overlay = CopyOnWriteArrayList<String>()
    val freezes = CopyOnWriteArrayList<Boolean>()
    val chat = CopyOnWriteArrayList<ChatMessage>()
    @Volatile var overlayThrows = false
    override fun onAnnotationAdded(annotation: OverlayAnnotation) {
        if (overlayThrows) throw IllegalArgumentException("the app's overlay code is broken")
        overlay.add("added ${annotation.colour} ${annotation.shape::class.simpleName}")
    }
    override fun onAnnotationRemoved(id: String) { overlay.add("removed $id") }
    override fun onAnnotationsCleared() { overlay.add("cleared") }
    override fun onFreezeChanged(frozen: Boolean) { freezes.add(frozen) }
    override fun onChatMessage(message: ChatMessage) { chat.add(message) }
}

/** The whole loop on the JVM, against a real server: the same as the Python one. */
class LoopTest : ServerTest() {
    private fun join(serverUrl: String, code: String, camera: Camera, listener: SessionListener) = runBlocking {
        val device = DeviceInfo("JVM rig", "Linux", "6", "junit", "1.0")
        val config = SessionConfig(
            serverUrl, code, displayName = "Kotlin customer", loopbackOnly = true,
            camera = CameraConfig(Resolution(320u, 240u), 15u, CameraFacing.BACK), device = device, network = NetworkType.WIFI,
        )
        SightlineSession.join(config, camera, listener)
    }

    @Test
    fun `a Kotlin app and a technician go through the whole loop`() {
        val (started, technician) = technician()
        val session = technician.startSession()
        val camera = LoopCamera()
        val states = States()
        val heard = Heard()
        join(started.url, session.code, camera, states).use { phone ->
            camera.session = phone
            val subscriptions = listOf(phone.subscribeOverlay(heard), phone.subscribeFreeze(heard), phone.subscribeChat(heard))
            LiveConnection(started.url, session.id, technician.cookie).use { live ->
                live.await("the phone to go live") { it == """{"type":"phone_state","state":"live"}""" }
                eventually("frames of each format to be sent") { camera.pushed.get() >= 6 && (phone.stats()?.framesSent ?: 0UL) > 0UL }
                live.await("the device in the details") { it.startsWith("""{"type":"details"""") && it.contains(""""model":"JVM rig"""") }

                assertEquals("""{"status":"done","camera":{"torch":{"available":true,"on":true}}}""", live.command("""{"action":"torch","on":true}"""))
                assertTrue(live.command("""{"action":"zoom","ratio":2.5}""").contains(""""ratio":2.5"""))
                assertTrue(live.command("""{"action":"zoom","ratio":9.0}""").startsWith("""{"status":"failed""""))
                assertEquals(listOf("start", "torch true", "zoom 2.5"), camera.calls.take(3))

                assertEquals("""{"status":"done"}""", live.command("""{"action":"freeze"}"""))
                assertEquals(listOf(true), heard.freezes.toList())
                assertTrue(phone.isFrozen())
                live.await("the frozen still") { it.startsWith("""{"type":"freeze","still":{""") }
                assertEquals("""{"status":"done"}""", live.command("""{"action":"unfreeze"}"""))
                assertEquals(listOf(true, false), heard.freezes.toList())
                assertEquals("""{"status":"done"}""", live.command("""{"action":"snapshot"}"""))
                live.await("the snapshot") { it.startsWith("""{"type":"captured"""") && it.contains(""""kind":"snapshot"""") }

                // A scan of the live frames: the technician gets the code, the app hears it too.
                assertEquals("""{"status":"done"}""", live.command("""{"action":"scan","kind":"qr"}"""))
                live.await("the scanned code") { it.startsWith("""{"type":"scan_results"""") && it.contains(""""text":"frame """) }
                eventually("the code in the app") { states.codes.isNotEmpty() }
                assertTrue(states.codes[0].text.startsWith("frame "), states.codes[0].text)
                assertEquals(BarcodeFormat.QR_CODE, states.codes[0].format)

                live.send("""{"type":"annotate","annotation":{"colour":"green","width":0.01,"shape":{"kind":"rectangle","from":[0.25,0.2],"to":[0.75,0.8]}}}""")
                eventually("the annotation") { heard.overlay.size == 1 }
                assertEquals("added GREEN Rectangle", heard.overlay[0])
                val box = phone.annotations().single().shape as OverlayShape.Rectangle
                assertEquals(0.25f, box.from.x)

                live.send("""{"type":"chat","client_id":"tech-1","text":"Can you show the label?"}""")
                eventually("the technician's message") { heard.chat.size == 1 }
                assertEquals("Can you show the label?", heard.chat[0].text)
                val clientId = phone.sendChat("Here it is")
                live.await("the customer's message") { it.startsWith("""{"type":"chat"""") && it.contains(""""client_id":"$clientId"""") && it.contains(""""text":"Here it is"""") }
                eventually("the customer's own message back") { heard.chat.size == 2 && heard.chat[1].fromCustomer }
            }
            phone.end()
            eventually("the end") { states.states.any { it is SessionState.Ended } }
            assertEquals(EndReason.CustomerEnded, (states.states.last() as SessionState.Ended).reason)
            assertThrows<SdkException.SessionEnded> { phone.pushFrame(QrPicture("late", 320, 240, 0, 0, 2).i420()) }
            assertThrows<SdkException.SessionEnded> { phone.sendChat("still there?") }
            subscriptions.forEach { it.close() }
        }
        assertEquals("stop", camera.calls.last())
        assertEquals(emptyList<SdkException>(), camera.pushErrors.toList())
    }

    @Test
    fun `misuse gets typed errors and the library stays healthy`() {
        val (started, technician) = technician()
        repeat(2) {
            val session = technician.startSession()
            val camera = LoopCamera().apply { torchFails = true }
            val heard = Heard().apply { overlayThrows = true }
            val states = States()
            join(started.url, session.code, camera, states).use { phone ->
                val frame = QrPicture("bad", 320, 240, 0, 0, 2).i420()
                assertThrows<SdkException.InvalidFrame> { phone.pushFrame(frame.copy(data = frame.data.copyOf(frame.data.size - 1))) }
                assertThrows<SdkException.InvalidFrame> { phone.pushFrame(frame.copy(format = PixelFormat.RGBA)) }
                assertThrows<SdkException.UnsupportedInput> {
                    phone.pushEncoded(EncodedSample(VideoCodec.H264, byteArrayOf(0, 0, 0, 1, 0x65), true, 0UL))
                }
                assertThrows<SdkException.AudioNotEnabled> { phone.pushAudio(List(audioFrameSamples().toInt()) { 0.toShort() }) }
                assertThrows<SdkException.InvalidChatMessage> { phone.sendChat("   ") }
                val subscriptions = listOf(phone.subscribeOverlay(heard), phone.subscribeChat(heard))
                LiveConnection(started.url, session.id, technician.cookie).use { live ->
                    val outcome = live.command("""{"action":"torch","on":true}""")
                    assertTrue(outcome.startsWith("""{"status":"failed"""") && outcome.contains("the torch driver crashed"), outcome)
                    live.send("""{"type":"annotate","annotation":{"colour":"red","width":0.01,"shape":{"kind":"arrow","from":[0.1,0.1],"to":[0.5,0.5]}}}""")
                    eventually("the annotation in the model") { phone.annotations().size == 1 }
                    live.send("""{"type":"chat","client_id":"tech-1","text":"still with me?"}""")
                    eventually("the chat after the listener threw") { heard.chat.size == 1 }
                    subscriptions[1].cancel()
                    live.send("""{"type":"chat","client_id":"tech-2","text":"hello?"}""")
                    eventually("the second message in the model") { phone.chatMessages().size == 2 }
                    assertEquals(1, heard.chat.size)
                }
                phone.end()
                eventually("the end") { states.states.any { it is SessionState.Ended } }
                assertThrows<SdkException.SessionEnded> { phone.pushFrame(frame) }
                subscriptions.forEach { it.close() }
            }
        }
    }
}
