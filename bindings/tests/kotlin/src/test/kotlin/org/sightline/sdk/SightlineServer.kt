package org.sightline.sdk

import org.junit.jupiter.api.AfterEach
import java.nio.file.Files
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/** A started `sightline serve`: where it listens, its first admin's password, its process. */
class SightlineServer(val url: String, val adminPassword: String, private val process: Process) : AutoCloseable {
    override fun close() {
        process.destroy()
        process.waitFor(10, TimeUnit.SECONDS)
    }

    companion object {
        private val READY = Regex("^\\{\"event\":\"ready\"")
        private val URL = Regex("\"url\":\"([^\"]+)\"")
        private val PASSWORD = Regex("with password (\\S+)")

        /** Starts `binary serve` on a free loopback port (`--listen 127.0.0.1:0`), ready once it prints its
         *  machine-readable line `{"event":"ready","url":...}`. Fails at once, with the output so far, when
         *  the server exits or prints a ready line without a URL; after [readyWithinSeconds] when it prints none. */
        fun start(binary: String, adminEmail: String, readyWithinSeconds: Long = 60): SightlineServer {
            val process = ProcessBuilder(
                binary, "serve", "--listen", "127.0.0.1:0", "--data-dir", Files.createTempDirectory("sightline").toString(),
                "--admin-email", adminEmail, "--rtc-loopback-only",
            ).redirectErrorStream(true).also { it.environment()["SIGHTLINE_LOG"] = "warn" }.start()
            // Read on a thread of its own, so waiting for the line has a deadline; an empty
            // Optional marks the end of the output.
            val lines = LinkedBlockingQueue<java.util.Optional<String>>()
            thread(isDaemon = true) {
                // A stream closed under it (the process was stopped) ends the output too.
                runCatching { process.inputStream.bufferedReader().forEachLine { lines.put(java.util.Optional.of(it)) } }
                lines.put(java.util.Optional.empty())
            }
            val output = StringBuilder()
            fun fail(why: String): Nothing {
                process.destroyForcibly()
                error("$why:\n$output")
            }
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readyWithinSeconds)
            var password: String? = null
            while (true) {
                val next = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) ?: fail("the server was not ready in time")
                val line = next.orElse(null) ?: fail("the server exited (${process.waitFor()})")
                output.appendLine(line)
                PASSWORD.find(line)?.let { password = it.groupValues[1] }
                if (!READY.containsMatchIn(line)) continue
                val url = URL.find(line)?.groupValues?.get(1) ?: fail("the ready line has no url: $line")
                return SightlineServer(url, password ?: fail("the server was ready without printing the first admin's password"), process)
            }
        }
    }
}

/** Tests that each start a server of their own (stopped after the test) and sign its admin in. */
abstract class ServerTest {
    private var server: SightlineServer? = null

    @AfterEach
    fun stopServer() {
        server?.close()
    }

    /** Starts the server and signs its admin in. */
    protected fun technician(): Pair<SightlineServer, Technician> {
        val binary = System.getenv("SIGHTLINE_BIN") ?: error("set SIGHTLINE_BIN (bindings/test.sh does)")
        val started = SightlineServer.start(binary, "admin@bindings.example").also { server = it }
        return started to Technician(started.url, "admin@bindings.example", started.adminPassword)
    }
}
