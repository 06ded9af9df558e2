"""The scanner through the generated bindings: QR codes rendered in Python, decoded in Rust."""

import re

import numpy as np
import pytest

from frames import i420, qr_picture, rgba_padded

WIDTH, HEIGHT = 320, 240
# A decode's budget far beyond the 250 ms default: a loaded test machine must not make a
# readable code look unreadable.
GENEROUS_BUDGET_MS = 10_000


def scanner(sightline, formats=()):
    """A scanner for `formats` (every format when empty) with the generous budget."""
    return sightline.BarcodeScanner(list(formats), budget_ms=GENEROUS_BUDGET_MS)


def assert_points_are_the_corners(points, box):
    """The result's points are the symbol's four corners (normalised), to within a pixel."""
    left, top, right, bottom = box
    corners = {(left, top), (right, top), (left, bottom), (right, bottom)}
    found = {(round(p.x * WIDTH), round(p.y * HEIGHT)) for p in points}
    assert len(points) == 4
    for corner in corners:
        assert any(abs(x - corner[0]) <= 1 and abs(y - corner[1]) <= 1 for x, y in found), (corner, found)


def test_qr_code_in_an_i420_frame_is_decoded_with_its_position(sightline):
    picture, box = qr_picture("https://sightline.example/j/123456789", WIDTH, HEIGHT, left=90, top=40, module_px=4)
    results = scanner(sightline, [sightline.BarcodeFormat.QR_CODE]).scan(i420(sightline, picture))
    assert len(results) == 1
    assert results[0].format == sightline.BarcodeFormat.QR_CODE
    assert results[0].text == "https://sightline.example/j/123456789"
    assert_points_are_the_corners(results[0].points, box)


def test_rgba_frames_with_row_padding_decode_too(sightline):
    picture, box = qr_picture("padded rows", WIDTH, HEIGHT, left=10, top=60, module_px=5)
    results = scanner(sightline).scan(rgba_padded(sightline, picture, padding=12))
    assert [(r.format, r.text) for r in results] == [(sightline.BarcodeFormat.QR_CODE, "padded rows")]
    assert_points_are_the_corners(results[0].points, box)


def test_a_frame_without_a_code_gives_no_result(sightline):
    blank = np.full((HEIGHT, WIDTH), 200, dtype=np.uint8)
    assert scanner(sightline).scan(i420(sightline, blank)) == []


def test_a_short_buffer_is_a_typed_error_not_a_crash(sightline):
    frame = sightline.VideoFrame(
        format=sightline.PixelFormat.I420, width=WIDTH, height=HEIGHT,
        strides=[WIDTH, WIDTH // 2, WIDTH // 2], data=bytes(100), timestamp_us=0,
    )
    with pytest.raises(sightline.SdkError.InvalidFrame) as raised:
        scanner(sightline).scan(frame)
    assert "bytes" in raised.value.detail


def test_the_library_reports_its_version(sightline):
    assert re.fullmatch(r"\d+\.\d+\.\d+", sightline.sdk_version())
