"""Misuse from Python: frames of the wrong size or format, media the session cannot carry,
calls after the session ended, a camera and listeners that throw, a library that is not the
one the bindings were generated from. Each gets a typed error (or is contained), and the
library stays healthy: the next session works."""

import asyncio
import re
import shutil
import subprocess
import sys
from pathlib import Path

import aiohttp
import numpy as np
import pytest

from frames import i420
from apps import loop_camera, recorders
from test_loop import Technician, session_config, until


def test_wrong_frames_media_and_chat_are_refused_with_typed_errors(sightline, server):
    asyncio.run(refusals(sightline, server))


async def refusals(sightline, server):
    _, code = server.start_session()
    camera = loop_camera(sightline)
    states, *_ = recorders(sightline)
    session = await sightline.SightlineSession.join(session_config(sightline, server.url, code), camera, states)
    luma = np.zeros((240, 320), dtype=np.uint8)
    short = i420(sightline, luma)
    short.data = short.data[:-1]
    with pytest.raises(sightline.SdkError.InvalidFrame):
        session.push_frame(short)
    no_planes = i420(sightline, luma)
    no_planes.strides = [320]
    with pytest.raises(sightline.SdkError.InvalidFrame):
        session.push_frame(no_planes)
    h264 = sightline.EncodedSample(codec=sightline.VideoCodec.H264, data=b"\x00\x00\x00\x01\x65", keyframe=True, timestamp_us=0)
    with pytest.raises(sightline.SdkError.UnsupportedInput):
        session.push_encoded(h264)
    with pytest.raises(sightline.SdkError.AudioNotEnabled):
        session.push_audio([0] * sightline.audio_frame_samples())
    with pytest.raises(sightline.SdkError.InvalidChatMessage):
        session.send_chat(" \n ")
    session.push_frame(i420(sightline, luma))

    session.end()
    await until("the end", lambda: any(s.is_ended() for s in states.states))
    with pytest.raises(sightline.SdkError.SessionEnded):
        session.push_frame(i420(sightline, luma))
    with pytest.raises(sightline.SdkError.SessionEnded):
        session.send_chat("still there?")
    with pytest.raises(sightline.SdkError.SessionEnded):
        session.push_audio([0] * sightline.audio_frame_samples())
    assert session.state().is_ended()


def test_a_throwing_camera_and_listeners_are_contained_and_the_next_session_works(sightline, server):
    asyncio.run(contained(sightline, server))
    asyncio.run(contained(sightline, server))


async def contained(sightline, server):
    session_id, code = server.start_session()
    camera = loop_camera(sightline)

    def broken_torch(on):
        raise RuntimeError("the torch driver crashed")

    camera.set_torch = broken_torch
    states, overlay, _, chat = recorders(sightline)

    def broken(*_):
        raise ValueError("the app's overlay code is broken")

    overlay.on_annotation_added = broken
    session = await sightline.SightlineSession.join(session_config(sightline, server.url, code), camera, states)
    camera.session = session
    kept = [session.subscribe_overlay(overlay), session.subscribe_chat(chat)]

    async with aiohttp.ClientSession(headers={"Cookie": server.headers["Cookie"]}) as http:
        technician = await Technician.connect(http, server, session_id)
        _, outcome = await technician.command({"action": "torch", "on": True})
        assert outcome["status"] == "failed" and "the torch driver crashed" in outcome["reason"], outcome

        await technician.send({"type": "annotate", "annotation": {"colour": "red", "width": 0.01, "shape": {"kind": "arrow", "from": [0.1, 0.1], "to": [0.5, 0.5]}}})
        await until("the annotation in the model", lambda: len(session.annotations()) == 1)
        # The session goes on after the listener threw: the chat still arrives.
        await technician.send({"type": "chat", "client_id": "tech-1", "text": "still with me?"})
        await until("the chat message", lambda: len(chat.heard) == 1)

        # A cancelled subscription hears nothing more; the model still follows.
        kept[1].cancel()
        await technician.send({"type": "chat", "client_id": "tech-2", "text": "hello?"})
        await until("the second message in the model", lambda: len(session.chat_messages()) == 2)
        assert len(chat.heard) == 1
        await technician.ws.close()

    session.end()
    await until("the end", lambda: any(s.is_ended() for s in states.states))
    assert camera.push_errors == []


def test_a_library_the_bindings_were_not_generated_from_fails_at_import(sightline, tmp_path):
    """A package whose bindings expect other functions than its library has fails at import
    with the bindings' InternalError (one function's checksum altered stands in for bindings
    of another version). In a process of its own: this one keeps the real bindings."""
    installed = Path(sightline.__file__).parent
    mismatched = tmp_path / "sightline"
    shutil.copytree(installed, mismatched)
    bindings = mismatched / "sightline.py"
    altered, count = re.subn(r"(checksum_func_sdk_version\(\) != )(\d+)", lambda m: f"{m.group(1)}{(int(m.group(2)) + 1) % 65536}", bindings.read_text())
    assert count == 1
    bindings.write_text(altered)
    run = subprocess.run([sys.executable, "-c", "import sightline"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "InternalError: UniFFI API checksum mismatch" in run.stderr, run.stderr
    untouched = subprocess.run([sys.executable, "-c", "import sightline; print(sightline.sdk_version())"], cwd=tmp_path.parent, capture_output=True, text=True, timeout=60)
    assert untouched.stdout.strip() == sightline.sdk_version(), untouched.stderr
