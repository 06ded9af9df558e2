"""The whole loop, from the installed wheel, against a real server on 127.0.0.1: a camera
implemented in Python joins and pushes frames (I420, NV12 and RGBA); a technician, driven
through the server's HTTP API and its live WebSocket, switches the torch, zooms, freezes,
takes a snapshot and draws an annotation; the app's camera acknowledges each command, its
listeners see the freeze and the overlay, and the customer and the technician chat."""

import asyncio
import time

import aiohttp
import pytest

from apps import loop_camera, recorders

TIMEOUT_S = 30


async def until(what, condition):
    """Waits (without blocking the event loop) until `condition()` holds."""
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


class Technician:
    """The signed-in technician's live connection to one session."""

    def __init__(self, http, ws):
        self.http, self.ws = http, ws
        self.seen = []

    @classmethod
    async def connect(cls, http, server, session_id):
        ws_url = server.url.replace("http", "ws", 1)
        ws = await http.ws_connect(f"{ws_url}/api/sessions/{session_id}/live", origin=server.url)
        return cls(http, ws)

    async def send(self, message):
        await self.ws.send_json(message)

    async def wait_for(self, what, accept, since=0):
        """The first message from position `since` on (seen before or arriving now) that `accept` takes."""
        deadline = time.monotonic() + TIMEOUT_S
        index = since
        while True:
            while index < len(self.seen):
                if accept(self.seen[index]):
                    return self.seen[index]
                index += 1
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"timed out waiting for {what}; seen {[m['type'] for m in self.seen]}"
            try:
                self.seen.append(await self.ws.receive_json(timeout=remaining))
            except asyncio.TimeoutError:
                continue

    async def command(self, command):
        """Sends a command to the phone and returns its id and its outcome as the phone acknowledged it."""
        since = len(self.seen)
        await self.send({"type": "command", "command": command})
        sent = await self.wait_for(f"the {command} command to be sent", lambda m: m["type"] == "command_sent" and m["command"] == command, since)
        done = await self.wait_for(f"the phone's answer to {command}", lambda m: m["type"] == "command_done" and m["id"] == sent["id"], since)
        return sent["id"], done["outcome"]


def session_config(sightline, server_url, code, **extra):
    return sightline.SessionConfig(
        server_url=server_url, code=code, display_name="Python customer", loopback_only=True,
        camera=sightline.CameraConfig(resolution=sightline.Resolution(width=320, height=240), fps=15, facing=sightline.CameraFacing.BACK),
        **extra,
    )


def test_a_python_app_and_a_technician_go_through_the_whole_loop(sightline, server):
    asyncio.run(whole_loop(sightline, server))


async def whole_loop(sightline, server):
    session_id, code = server.start_session()
    camera = loop_camera(sightline)
    states, overlay, freeze, chat = recorders(sightline)
    device = sightline.DeviceInfo(model="Test rig", os="Linux", os_version="6", app_name="pytest", app_version="1.0")
    config = session_config(sightline, server.url, code, device=device, network=sightline.NetworkType.WIFI)
    session = await sightline.SightlineSession.join(config, camera, states)
    camera.session = session
    subscriptions = [session.subscribe_overlay(overlay), session.subscribe_freeze(freeze), session.subscribe_chat(chat)]
    assert session.session_id() == session_id

    async with aiohttp.ClientSession(headers={"Cookie": server.headers["Cookie"]}) as http:
        technician = await Technician.connect(http, server, session_id)
        await technician.wait_for("the phone to go live", lambda m: m == {"type": "phone_state", "state": "live"})
        await until("frames of each format to be sent", lambda: camera.pushed >= 6 and (session.stats() or sightline.PublisherStats(
            frames_sent=0, keyframes_sent=0, frames_dropped=0, bytes_sent=0, fps=0, bitrate_bps=0, width=0, height=0)).frames_sent > 0)
        await until("the live state", lambda: any(s.is_live() for s in states.states))
        details = await technician.wait_for("the device in the details", lambda m: m["type"] == "details" and m["details"].get("device"))
        assert details["details"]["device"]["model"] == "Test rig"
        assert details["details"]["device"]["sdk_version"] == sightline.sdk_version()
        session.set_network(sightline.NetworkType.CELLULAR)
        await technician.wait_for("the network report", lambda m: m["type"] == "details" and m["details"].get("network") == "cellular")

        # Camera commands: the app's camera acts, the phone acknowledges with the camera's state.
        _, torch = await technician.command({"action": "torch", "on": True})
        assert torch == {"status": "done", "camera": {"torch": {"available": True, "on": True}}}, torch
        _, zoom = await technician.command({"action": "zoom", "ratio": 2.5})
        assert zoom["status"] == "done" and zoom["camera"]["zoom"]["ratio"] == 2.5, zoom
        _, beyond = await technician.command({"action": "zoom", "ratio": 9.0})
        assert beyond["status"] == "failed" and "zoom" in beyond["reason"], beyond
        assert camera.calls[1:3] == [("torch", True), ("zoom", 2.5)]

        # Freeze: the app hears it and the technicians get the still; unfreeze lets it go.
        freeze_id, frozen = await technician.command({"action": "freeze"})
        assert frozen == {"status": "done"}, frozen
        assert freeze.heard == [True] and session.is_frozen()
        await technician.wait_for("the frozen still", lambda m: m["type"] == "freeze" and m["still"] is not None)
        _, unfrozen = await technician.command({"action": "unfreeze"})
        assert unfrozen == {"status": "done"}
        assert freeze.heard == [True, False] and not session.is_frozen()

        snapshot_id, snapped = await technician.command({"action": "snapshot"})
        assert snapped == {"status": "done"}, snapped
        captured = await technician.wait_for("the snapshot", lambda m: m["type"] == "captured" and m["capture"].get("command_id") == snapshot_id)
        assert captured["capture"]["kind"] == "snapshot", captured
        assert camera.calls.count("still") == 2, "the freeze and the snapshot each captured a still"
        assert freeze_id != snapshot_id

        # An annotation reaches the app's overlay listener and the overlay model.
        box = {"colour": "green", "width": 0.01, "shape": {"kind": "rectangle", "from": [0.25, 0.2], "to": [0.75, 0.8]}}
        await technician.send({"type": "annotate", "annotation": box})
        await until("the annotation", lambda: len(overlay.heard) == 1)
        kind, annotation = overlay.heard[0]
        assert kind == "added" and annotation.colour == sightline.Colour.GREEN
        assert annotation.shape.is_rectangle()
        assert (annotation.shape._from.x, annotation.shape.to.y) == pytest.approx((0.25, 0.8))
        assert session.annotations() == [annotation]

        # Chat both ways.
        await technician.send({"type": "chat", "client_id": "tech-1", "text": "Can you show the label?"})
        await until("the technician's message", lambda: len(chat.heard) == 1)
        assert (chat.heard[0].text, chat.heard[0].from_customer) == ("Can you show the label?", False)
        client_id = session.send_chat("Here it is")
        mine = await technician.wait_for("the customer's message", lambda m: m["type"] == "chat" and m["message"]["role"] == "customer")
        assert (mine["message"]["text"], mine["message"]["client_id"]) == ("Here it is", client_id)
        await until("the customer's own message back", lambda: len(chat.heard) == 2)
        assert [m.text for m in session.chat_messages()] == ["Can you show the label?", "Here it is"]

        session.end()
        await until("the end", lambda: any(s.is_ended() for s in states.states))
        await technician.ws.close()

    ended = [s for s in states.states if s.is_ended()]
    assert len(ended) == 1 and ended[0].reason.is_customer_ended()
    assert camera.calls[-1] == "stop" and camera.push_errors == []
    assert any(e.is_recording_changed() and not e.recording for e in states.events), "the app is told the session is not recorded"
    for subscription in subscriptions:
        subscription.cancel()
