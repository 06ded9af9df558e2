package org.sightline.sdk

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import kotlin.math.abs

/** A decode's budget far beyond the 250 ms default: a loaded test machine must not make a readable code look unreadable. */
private const val GENEROUS_BUDGET_MS: ULong = 10_000UL

class ScannerTest {
    @Test
    fun `a QR code in an I420 frame is decoded with its corners`() {
        val picture = QrPicture("https://sightline.example/j/123456789", 320, 240, left = 90, top = 40, modulePx = 4)
        val results = BarcodeScanner(listOf(BarcodeFormat.QR_CODE), budgetMs = GENEROUS_BUDGET_MS).use { it.scan(picture.i420()) }

        assertEquals(1, results.size)
        assertEquals(BarcodeFormat.QR_CODE, results[0].format)
        assertEquals("https://sightline.example/j/123456789", results[0].text)
        val found = results[0].points.map { Pair(it.x * picture.width, it.y * picture.height) }
        assertEquals(4, found.size)
        for ((cornerX, cornerY) in listOf(
            Pair(picture.left, picture.top), Pair(picture.right, picture.top),
            Pair(picture.left, picture.bottom), Pair(picture.right, picture.bottom),
        )) {
            assertTrue(found.any { (x, y) -> abs(x - cornerX) <= 1.5 && abs(y - cornerY) <= 1.5 }, "corner $cornerX,$cornerY not in $found")
        }
    }

    @Test
    fun `a short buffer is a typed error, not a crash`() {
        val frame = VideoFrame(PixelFormat.I420, 320u, 240u, listOf(320u, 160u, 160u), ByteArray(100), 0UL)
        val error = assertThrows<SdkException.InvalidFrame> { BarcodeScanner(emptyList(), budgetMs = GENEROUS_BUDGET_MS).use { it.scan(frame) } }
        assertTrue(error.detail.contains("bytes"), error.detail)
    }

    @Test
    fun `the library reports its version`() {
        assertTrue(Regex("""\d+\.\d+\.\d+""").matches(sdkVersion()), sdkVersion())
    }
}
