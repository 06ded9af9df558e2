package org.sightline.sdk

import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files

/** The one way Kotlin tests start a server fails at once, with a clear message, when the ready line
 *  is broken: a stand-in for `sightline` prints what a broken server would. */
class HarnessTest {
    private val passwordLine = "echo \"  Sign in at http://127.0.0.1:1 as admin@kt.example with password pw\""
    /** Far longer than any case may take: each must fail on what it read, not on the clock. */
    private val never = 600L

    private fun standIn(script: String): String {
        val binary = Files.createTempDirectory("sightline-fake").resolve("sightline")
        Files.writeString(binary, "#!/bin/sh\n$script\n")
        binary.toFile().setExecutable(true)
        return binary.toString()
    }

    private fun assertStartFails(script: String, readyWithinSeconds: Long, message: String) {
        val error = assertThrows<IllegalStateException> { SightlineServer.start(standIn(script), "admin@kt.example", readyWithinSeconds).close() }
        assertTrue(error.message!!.contains(message), error.message)
    }

    @Test
    fun `a server that exits fails the start at once`() = assertStartFails("$passwordLine\nexit 3", never, "the server exited (3)")

    @Test
    fun `a ready line without url fails the start at once`() =
        assertStartFails("$passwordLine\necho '{\"event\":\"ready\",'\nexec sleep 600", never, "the ready line has no url")

    @Test
    fun `a missing ready line fails at the deadline with the output`() =
        assertStartFails("$passwordLine\nexec sleep 600", 1, "not ready in time:\n  Sign in at")
}
