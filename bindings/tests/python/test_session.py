"""Sessions through the generated bindings, against a real server on 127.0.0.1: a camera and a
listener implemented in Python, frames pushed from a Python thread."""

import asyncio
import socket
import threading

import pytest

from apps import loop_camera

TIMEOUT_S = 30


@pytest.fixture
def python_camera(sightline):
    """A camera implemented in Python (see apps.py), stopped after the test."""
    camera = loop_camera(sightline)
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

        def on_audio_status(self, status):
            raise RuntimeError("a faulty app listener")

        def on_codes_found(self, codes):
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
    assert "stop" in python_camera.calls
    assert python_camera.push_errors == []
