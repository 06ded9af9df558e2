"""Sessions through the generated bindings, against a real server on 127.0.0.1: a camera and a
listener implemented in Python, frames pushed from a Python thread."""

import asyncio
import socket
import threading
import time

import pytest

from frames import i420, moving_bars

TIMEOUT_S = 30


@pytest.fixture
def python_camera(sightline):
    """A camera implemented in Python: once started, a thread pushes synthetic frames to the
    session it is attached to, at the configured rate."""

    class PythonCamera(sightline.Camera):
        def __init__(self):
            self.calls = []
            self.pushed = 0
            self.push_errors = []
            self.session = None
            self._stop = threading.Event()
            self._thread = None

        def capabilities(self):
            back = sightline.CameraFacing.BACK
            return sightline.CameraCapabilities(
                facing=back, available_facings=[back], has_torch=False, min_zoom=1.0, max_zoom=1.0,
                max_still_resolution=sightline.Resolution(width=640, height=360),
            )

        def start(self, config):
            self.calls.append(("start", config))
            self._stop.clear()
            self._thread = threading.Thread(target=self._stream, args=(config,), daemon=True)
            self._thread.start()

        def stop(self):
            self.calls.append(("stop",))
            self._stop.set()
            if self._thread is not None and self._thread is not threading.current_thread():
                self._thread.join()

        def wait_for_frames(self, count):
            deadline = time.monotonic() + TIMEOUT_S
            while self.pushed < count:
                assert time.monotonic() < deadline, f"only {self.pushed} frames pushed"
                time.sleep(0.02)

        def set_torch(self, on):
            raise sightline.SdkError.NoTorch()

        def set_zoom(self, ratio):
            raise sightline.SdkError.ZoomOutOfRange(requested=ratio, min=1.0, max=1.0)

        def capture_still(self):
            raise sightline.SdkError.CameraNotStarted()

        def switch_facing(self, facing):
            raise sightline.SdkError.NoCameraFacing(facing=facing)

        def _stream(self, config):
            width, height = config.resolution.width, config.resolution.height
            index = 0
            while not self._stop.wait(1 / config.fps):
                session = self.session
                if session is None:
                    continue
                try:
                    session.push_frame(i420(sightline, moving_bars(index, width, height), index * 1_000_000 // config.fps))
                    self.pushed += 1
                except sightline.SdkError as error:
                    self.push_errors.append(error)
                index += 1

    camera = PythonCamera()
    yield camera
    camera.stop()


@pytest.fixture
def python_listener(sightline):
    """A listener implemented in Python that records states and events. It raises on every
    connection event: an app's faulty listener must not stop the session."""

    class PythonListener(sightline.SessionListener):
        def __init__(self):
            self.states = []
            self.events = []
            self.changed = threading.Condition()

        def on_state_changed(self, state):
            with self.changed:
                self.states.append(state)
                self.changed.notify_all()

        def on_connection_event(self, event):
            self.events.append(event)
            raise RuntimeError("a faulty app listener")

        def wait_for_state(self, accept):
            with self.changed:
                assert self.changed.wait_for(lambda: any(accept(s) for s in self.states), timeout=TIMEOUT_S), self.states

    return PythonListener()


def join(sightline, server_url, code, camera, listener):
    config = sightline.SessionConfig(
        server_url=server_url, code=code, display_name="Python customer", loopback_only=True,
        camera=sightline.CameraConfig(
            resolution=sightline.Resolution(width=320, height=240), fps=15, facing=sightline.CameraFacing.BACK,
        ),
    )
    return asyncio.run(sightline.SightlineSession.join(config, camera, listener))


def test_an_invalid_code_is_refused_with_a_typed_reason(sightline, server, python_camera, python_listener):
    with pytest.raises(sightline.SdkError.JoinRefused) as refused:
        join(sightline, server.url, "123456789", python_camera, python_listener)
    assert refused.value.reason.is_invalid_code()
    assert python_camera.calls == []


def test_an_unreachable_server_is_a_connection_error(sightline, python_camera, python_listener):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(sightline.SdkError.Connection):
        join(sightline, f"http://127.0.0.1:{closed_port}", "123456789", python_camera, python_listener)


def test_a_python_camera_streams_into_a_real_session_until_the_customer_ends_it(
    sightline, server, python_camera, python_listener
):
    _, code = server.start_session()
    session = join(sightline, server.url, code, python_camera, python_listener)
    python_camera.session = session
    assert session.session_id()

    python_listener.wait_for_state(lambda s: s.is_waiting_for_technician())
    assert python_listener.states[0].is_connecting()
    kind, config = python_camera.calls[0]
    assert kind == "start"
    assert (config.resolution.width, config.resolution.height, config.fps) == (320, 240, 15)
    assert any(event.is_signaling_connected() for event in python_listener.events)
    python_camera.wait_for_frames(5)

    session.end()
    python_listener.wait_for_state(lambda s: s.is_ended())
    ended = [s for s in python_listener.states if s.is_ended()]
    assert len(ended) == 1 and ended[0].reason.is_customer_ended()
    assert session.state().is_ended()
    assert ("stop",) in python_camera.calls
    assert python_camera.push_errors == []
