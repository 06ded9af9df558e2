"""The Python guide's example (docs/guides/python.md), complete: a camera, a listener, join,
stream, handle the technician's commands and the end. test_quickstart.py runs it against a
real server.

    python quickstart.py https://help.example.org 123456789
"""

import asyncio
import queue
import sys
import threading
import time

import sightline

WIDTH, HEIGHT = 320, 240


class RampCamera(sightline.Camera):
    """A camera without hardware: a moving grey ramp. A real app puts its platform camera
    here and pushes the frames it delivers."""

    def __init__(self):
        self.session = None
        self.pushed = 0
        self.torch = False
        self.zoom = 1.0
        self._running = threading.Event()

    def capabilities(self):
        back = sightline.CameraFacing.BACK
        return sightline.CameraCapabilities(
            facing=back, available_facings=[back], has_torch=True, min_zoom=1.0, max_zoom=4.0,
            max_still_resolution=sightline.Resolution(width=WIDTH, height=HEIGHT),
        )

    def start(self, config):
        self._running.set()
        threading.Thread(target=self._stream, args=(config.fps,), daemon=True).start()

    def stop(self):
        self._running.clear()

    # Technicians' commands: do them, or raise the SDK's reason for not doing them.
    def set_torch(self, on):
        self.torch = on

    def set_zoom(self, ratio):
        if not 1.0 <= ratio <= 4.0:
            raise sightline.SdkError.ZoomOutOfRange(requested=ratio, min=1.0, max=4.0)
        self.zoom = ratio

    def capture_still(self):
        return sightline.StillImage.RAW(self._frame(0))

    def switch_facing(self, facing):
        raise sightline.SdkError.NoCameraFacing(facing=facing)

    def _frame(self, index):
        ramp = bytearray()
        for x in range(WIDTH):
            shade = (x + index * 4) % 256
            ramp += bytes((shade, shade, shade, 255))
        return sightline.VideoFrame(
            format=sightline.PixelFormat.RGBA, width=WIDTH, height=HEIGHT, strides=[WIDTH * 4],
            data=bytes(ramp) * HEIGHT, timestamp_us=index * 66_666,
        )

    def _stream(self, fps):
        index = 0
        while self._running.is_set():
            time.sleep(1 / fps)
            if self.session is None:
                continue
            try:
                self.session.push_frame(self._frame(index))
                self.pushed += 1
            except sightline.SdkError.StreamClosed:
                return
            index += 1


class StateQueue(sightline.SessionListener):
    """Hears the session's states (on the SDK's threads: hand them to your UI thread)."""

    def __init__(self):
        self.states = queue.Queue()

    def on_state_changed(self, state):
        self.states.put(state)

    def on_connection_event(self, event):
        if event.is_recording_changed():
            print("● recording" if event.recording else "recording stopped")

    def on_audio_status(self, status):
        print(f"microphone {status.mic}, playing on {status.route}")

    def on_codes_found(self, codes):
        for code in codes:
            print(f"the technician scanned {code.format}: {code.text}")


def join_and_stream(config, frames):
    """Joins with `config`, streams until `frames` frames went out (a real app streams until
    the session ends), ends the session as the customer would, and returns why it ended. A
    code that cannot be joined comes back as its reason too."""
    camera, listener = RampCamera(), StateQueue()
    try:
        session = asyncio.run(sightline.SightlineSession.join(config, camera, listener))
    except sightline.SdkError.JoinRefused as refused:
        return refused.reason  # invalid or expired code, SDK too old: tell the customer
    camera.session = session
    deadline = time.monotonic() + 60
    while camera.pushed < frames:
        assert time.monotonic() < deadline, f"only {camera.pushed} frames went out in 60 s"
        try:
            state = listener.states.get(timeout=0.1)
        except queue.Empty:
            continue
        if state.is_ended():
            return state.reason
        print("session:", state)
    session.end()  # the customer's "End" button
    while True:
        state = listener.states.get(timeout=30)
        if state.is_ended():
            return state.reason


if __name__ == "__main__":
    server_url, code = sys.argv[1:3]
    print("ended:", join_and_stream(sightline.SessionConfig(server_url=server_url, code=code), frames=300))
