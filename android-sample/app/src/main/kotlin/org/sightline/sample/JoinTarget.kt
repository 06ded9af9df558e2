package org.sightline.sample

/**
 * What the customer joins: the server and the code (nine digits) or the join link the
 * technician sent (`<server>/join/<code>`, typed, pasted or scanned from the join QR code).
 */
data class JoinTarget(val serverUrl: String, val code: String) {
    companion object {
        private val LINK = Regex("""^(https?://.+)/join/(\d{9})/?$""")
        private val CODE = Regex("""^\d{9}$""")

        /**
         * The target of what the customer entered: a link carries its own server; a code
         * (spaces and dashes ignored) goes to [defaultServer]. Null for anything else.
         */
        fun parse(entered: String, defaultServer: String): JoinTarget? {
            val text = entered.trim()
            LINK.matchEntire(text)?.let { return JoinTarget(it.groupValues[1], text) }
            val digits = text.filterNot { it == ' ' || it == '-' }
            if (!CODE.matches(digits)) return null
            val server = defaultServer.trim().trimEnd('/')
            return if (server.startsWith("https://") || server.startsWith("http://")) JoinTarget(server, digits) else null
        }
    }
}
