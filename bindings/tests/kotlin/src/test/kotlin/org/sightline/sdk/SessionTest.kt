package org.sightline.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.net.ServerSocket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

class RecordingListener : SessionListener {
    val states = LinkedBlockingQueue<SessionState>()
    override fun onStateChanged(state: SessionState) { states.add(state) }
    override fun onConnectionEvent(event: ConnectionEvent) {}
    override fun onAudioStatus(status: AudioStatus) {}
    override fun onCodesFound(codes: List<ScanResult>) {}

    /** Waits for the next state that `accept` takes, skipping others. */
    fun awaitState(accept: (SessionState) -> Boolean): SessionState {
        while (true) {
            val state = states.poll(30, TimeUnit.SECONDS) ?: error("no matching state within 30 s")
            if (accept(state)) return state
        }
    }
}

/** A session a technician started: its id and its join code. */
data class StartedSession(val id: String, val code: String)

/** A technician signed in to the server, over plain HTTP on 127.0.0.1. */
class Technician(private val serverUrl: String, email: String, password: String) {
    private val http = HttpClient.newHttpClient()
    private val headers: Array<String>
    /** The sign-in cookie (`name=value`), for the technician's live connections. */
    val cookie: String

    init {
        val login = post("/api/auth/login", """{"email":"$email","password":"$password"}""")
        cookie = login.headers().allValues("set-cookie").map { it.substringBefore(';') }
            .first { it.startsWith("sightline_session=") }
        val csrf = Regex(""""csrf_token":"([^"]+)"""").find(login.body())!!.groupValues[1]
        headers = arrayOf("Cookie", cookie, "X-CSRF-Token", csrf)
    }

    private fun post(path: String, body: String, vararg extra: String): HttpResponse<String> {
        val request = HttpRequest.newBuilder(URI.create(serverUrl + path))
            .header("Content-Type", "application/json")
            .apply { extra.toList().chunked(2).forEach { (name, value) -> header(name, value) } }
            .POST(HttpRequest.BodyPublishers.ofString(body)).build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "$path answered ${response.statusCode()}: ${response.body()}" }
        return response
    }

    /** Starts a session. */
    fun startSession(): StartedSession {
        val session = post("/api/sessions", "{}", *headers).body()
        val id = Regex(""""id":"([^"]+)"""").find(session)!!.groupValues[1]
        return StartedSession(id, Regex(""""code":"(\d+)"""").find(session)!!.groupValues[1])
    }
}

class SessionTest {
    private val camera = LoopCamera()
    private val listener = RecordingListener()
    private var server: SightlineServer? = null

    @AfterEach
    fun stopServer() {
        server?.close()
    }

    /** A port nothing listens on (for the unreachable-server case). */
    private fun freePort(): Int = ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()).use { it.localPort }

    private fun startServer(): SightlineServer {
        val binary = System.getenv("SIGHTLINE_BIN") ?: error("set SIGHTLINE_BIN (bindings/test.sh does)")
        return SightlineServer.start(binary, "admin@bindings.example").also { server = it }
    }

    private fun join(serverUrl: String, code: String = "123456789") = runBlocking {
        val cameraConfig = CameraConfig(Resolution(320u, 240u), 15u, CameraFacing.BACK)
        SightlineSession.join(SessionConfig(serverUrl, code, loopbackOnly = true, camera = cameraConfig), camera, listener)
    }

    @Test
    fun `an invalid code is refused with a typed reason`() {
        val refused = assertThrows<SdkException.JoinRefused> { join(startServer().url) }
        assertEquals(EndReason.InvalidCode, refused.reason)
        assertEquals(emptyList<String>(), camera.calls.toList())
        assertEquals(SessionState.Connecting, listener.states.peek())
    }

    @Test
    fun `an unreachable server is a connection error`() {
        assertThrows<SdkException.Connection> { join("http://127.0.0.1:${freePort()}") }
    }

    @Test
    fun `a Kotlin camera streams into a real session until the customer ends it`() {
        val started = startServer()
        val serverUrl = started.url
        val code = Technician(serverUrl, "admin@bindings.example", started.adminPassword).startSession().code
        join(serverUrl, code).use { session ->
            camera.session = session
            assertTrue(session.sessionId().isNotEmpty())
            listener.awaitState { it == SessionState.WaitingForTechnician }
            assertEquals("start", camera.calls.first())
            eventually("5 frames pushed") { camera.pushed.get() >= 5 }

            session.end()
            val ended = listener.awaitState { it is SessionState.Ended } as SessionState.Ended
            assertEquals(EndReason.CustomerEnded, ended.reason)
            assertTrue(session.state() is SessionState.Ended)
        }
        assertTrue("stop" in camera.calls)
        assertEquals(emptyList<SdkException>(), camera.pushErrors.toList())
    }
}
