"""The app's side, implemented in Python: a camera that streams synthetic frames into the
session it is attached to, and listeners that record what they hear."""

import threading
import time

import numpy as np

from frames import in_format, moving_bars

TIMEOUT_S = 30
FORMATS = ("I420", "NV12", "RGBA")


def loop_camera(sightline):
    """A camera with a torch and a 1-4x zoom, streaming the three pixel formats in turn."""

    class LoopCamera(sightline.Camera):
        def __init__(self):
            self.calls = []
            self.session = None
            self.pushed = 0
            self.push_errors = []
            self._stop = threading.Event()
            self._thread = None

        def capabilities(self):
            back = sightline.CameraFacing.BACK
            return sightline.CameraCapabilities(
                facing=back, available_facings=[back], has_torch=True, min_zoom=1.0, max_zoom=4.0,
                max_still_resolution=sightline.Resolution(width=640, height=480),
            )

        def start(self, config):
            self.calls.append(("start", config))
            self._thread = threading.Thread(target=self._stream, args=(config,), daemon=True)
            self._thread.start()

        def stop(self):
            self.calls.append("stop")
            self._stop.set()
            if self._thread is not None and self._thread is not threading.current_thread():
                self._thread.join()

        def wait_for_frames(self, count):
            deadline = time.monotonic() + TIMEOUT_S
            while self.pushed < count:
                assert time.monotonic() < deadline, f"only {self.pushed} frames pushed"
                time.sleep(0.02)

        def set_torch(self, on):
            self.calls.append(("torch", on))

        def set_zoom(self, ratio):
            if not 1.0 <= ratio <= 4.0:
                raise sightline.SdkError.ZoomOutOfRange(requested=ratio, min=1.0, max=4.0)
            self.calls.append(("zoom", ratio))

        def capture_still(self):
            self.calls.append("still")
            picture = np.full((480, 640), 90, dtype=np.uint8)
            return sightline.StillImage.RAW(in_format(sightline, "I420", picture, 0))

        def switch_facing(self, facing):
            raise sightline.SdkError.NoCameraFacing(facing=facing)

        def _stream(self, config):
            width, height = config.resolution.width, config.resolution.height
            index = 0
            while not self._stop.wait(1 / config.fps):
                session = self.session
                if session is None:
                    continue
                frame = in_format(sightline, FORMATS[index % 3], moving_bars(index, width, height), index * 1_000_000 // config.fps)
                try:
                    session.push_frame(frame)
                    self.pushed += 1
                except sightline.SdkError as error:
                    self.push_errors.append(error)
                index += 1

    return LoopCamera()


def recorders(sightline):
    """Listeners that record what they hear, for every kind the session offers."""

    class States(sightline.SessionListener):
        def __init__(self):
            self.states, self.events, self.audio, self.codes = [], [], [], []

        def on_state_changed(self, state):
            self.states.append(state)

        def on_connection_event(self, event):
            self.events.append(event)

        def on_audio_status(self, status):
            self.audio.append(status)

        def on_codes_found(self, codes):
            self.codes.extend(codes)

    class Overlay(sightline.OverlayListener):
        def __init__(self):
            self.heard = []

        def on_annotation_added(self, annotation):
            self.heard.append(("added", annotation))

        def on_annotation_removed(self, id):
            self.heard.append(("removed", id))

        def on_annotations_cleared(self):
            self.heard.append(("cleared",))

    class Freeze(sightline.FreezeListener):
        def __init__(self):
            self.heard = []

        def on_freeze_changed(self, frozen):
            self.heard.append(frozen)

    class Chat(sightline.ChatListener):
        def __init__(self):
            self.heard = []

        def on_chat_message(self, message):
            self.heard.append(message)

    return States(), Overlay(), Freeze(), Chat()


def silent_audio(sightline):
    """A microphone that captures nothing the test needs and a loudspeaker that counts frames."""

    class SilentAudio(sightline.AudioDevice):
        def __init__(self):
            self.calls, self.played = [], 0

        def start_capture(self):
            self.calls.append("start")

        def stop_capture(self):
            self.calls.append("stop")

        def play(self, frame):
            self.played += 1

    return SilentAudio()
