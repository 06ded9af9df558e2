package org.sightline.sample

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test

class JoinTargetTest {
    private val server = "https://help.example.org"

    @Test
    fun `a link carries its own server, with any path before join`() {
        val link = "https://support.example.com/sightline/join/123456789"
        assertEquals(JoinTarget("https://support.example.com/sightline", link), JoinTarget.parse("  $link\n", server))
    }

    @Test
    fun `a typed code goes to the default server, spaces and dashes ignored`() {
        assertEquals(JoinTarget(server, "123456789"), JoinTarget.parse("123 456-789", "$server/"))
    }

    @Test
    fun `anything else is no target`() {
        assertNull(JoinTarget.parse("12345678", server), "eight digits")
        assertNull(JoinTarget.parse("https://help.example.org/sessions/123456789", server), "not a join link")
        assertNull(JoinTarget.parse("123456789", "help.example.org"), "a server without a scheme")
        assertNull(JoinTarget.parse("WIFI:S:home;;", server), "another QR code")
    }
}
