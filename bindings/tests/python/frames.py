"""Pictures for the tests: QR codes rendered with segno into camera frames, built with numpy."""

import numpy as np
import segno


def qr_picture(text: str, width: int, height: int, left: int, top: int, module_px: int) -> tuple[np.ndarray, tuple]:
    """A grey picture with a QR code (quiet zone included) whose top-left corner is at
    (left, top), and the symbol's box (left, top, right, bottom) without the quiet zone."""
    code = segno.make_qr(text, error="m")
    dark = np.array(list(code.matrix_iter(scale=module_px, border=4)), dtype=bool)
    picture = np.full((height, width), 255, dtype=np.uint8)
    rows, cols = dark.shape
    picture[top:top + rows, left:left + cols][dark] = 0
    quiet = 4 * module_px
    return picture, (left + quiet, top + quiet, left + cols - quiet, top + rows - quiet)


def i420(sightline, luma: np.ndarray, timestamp_us: int = 0):
    """A tightly packed I420 frame with `luma` as its Y plane and neutral chroma."""
    height, width = luma.shape
    chroma = np.full(((height + 1) // 2) * ((width + 1) // 2) * 2, 128, dtype=np.uint8)
    chroma_stride = (width + 1) // 2
    return sightline.VideoFrame(
        format=sightline.PixelFormat.I420, width=width, height=height,
        strides=[width, chroma_stride, chroma_stride],
        data=luma.tobytes() + chroma.tobytes(), timestamp_us=timestamp_us,
    )


def rgba_padded(sightline, luma: np.ndarray, padding: int):
    """An RGBA frame of the grey picture whose rows carry `padding` extra bytes."""
    height, width = luma.shape
    rows = np.zeros((height, width * 4 + padding), dtype=np.uint8)
    rows[:, :width * 4] = np.repeat(luma, 4, axis=1)
    rows[:, 3:width * 4:4] = 255
    return sightline.VideoFrame(
        format=sightline.PixelFormat.RGBA, width=width, height=height,
        strides=[width * 4 + padding], data=rows.tobytes(), timestamp_us=0,
    )


def moving_bars(index: int, width: int, height: int) -> np.ndarray:
    """A synthetic camera picture: vertical bars that move a little every frame."""
    columns = (np.arange(width) + 4 * index) // 16 % 2 * 200 + 20
    return np.broadcast_to(columns.astype(np.uint8), (height, width)).copy()


def nv12(sightline, luma: np.ndarray, timestamp_us: int = 0):
    """A tightly packed NV12 frame with `luma` as its Y plane and neutral interleaved chroma."""
    height, width = luma.shape
    chroma_stride = (width + 1) // 2 * 2
    chroma = np.full(((height + 1) // 2) * chroma_stride, 128, dtype=np.uint8)
    return sightline.VideoFrame(
        format=sightline.PixelFormat.NV12, width=width, height=height,
        strides=[width, chroma_stride], data=luma.tobytes() + chroma.tobytes(), timestamp_us=timestamp_us,
    )


def in_format(sightline, format_name: str, luma: np.ndarray, timestamp_us: int):
    """The grey picture as a frame of the named pixel format (I420, NV12 or RGBA)."""
    if format_name == "I420":
        return i420(sightline, luma, timestamp_us)
    if format_name == "NV12":
        return nv12(sightline, luma, timestamp_us)
    frame = rgba_padded(sightline, luma, 0)
    frame.timestamp_us = timestamp_us
    return frame
