package org.sightline.sdk

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.sightline.guide.joinAndStream

/** The Kotlin guide's example (docs/guides/examples/kotlin) works as the guide says. */
class GuideExampleTest {
    private fun <T> withServer(run: (SightlineServer) -> T): T {
        val binary = System.getenv("SIGHTLINE_BIN") ?: error("set SIGHTLINE_BIN (bindings/test.sh does)")
        return SightlineServer.start(binary, "admin@bindings.example").use(run)
    }

    @Test
    fun `the example streams into a real session until the customer ends it`() {
        val reason = withServer { server ->
            val code = Technician(server.url, "admin@bindings.example", server.adminPassword).startSession().code
            joinAndStream(SessionConfig(server.url, code, loopbackOnly = true), frames = 10)
        }
        assertEquals(EndReason.CustomerEnded, reason)
    }

    @Test
    fun `the example hands back the reason a code is refused`() {
        val reason = withServer { server -> joinAndStream(SessionConfig(server.url, "123456789", loopbackOnly = true), frames = 10) }
        assertEquals(EndReason.InvalidCode, reason)
    }
}
