"""aiortc, a WebRTC stack independent of webrtc-rs, publishes to the Sightline relay
and receives from it: the relay speaks standard WebRTC both ways."""

import asyncio
import json
import fractions

import aiohttp
import numpy
import pytest
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCRtpSender, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError
from aiortc.sdp import candidate_from_sdp
from av import VideoFrame

WIDTH, HEIGHT = 320, 240


class HalfWhiteTrack(MediaStreamTrack):
    """A camera whose picture is white above and black below, at 30 fps."""

    kind = "video"

    def __init__(self):
        super().__init__()
        self.count = 0
        picture = numpy.zeros((HEIGHT, WIDTH, 3), numpy.uint8)
        picture[: HEIGHT // 2] = 255
        self.picture = picture

    async def recv(self):
        await asyncio.sleep(1 / 30)
        frame = VideoFrame.from_ndarray(self.picture, format="rgb24")
        frame.pts = self.count * 3000
        frame.time_base = fractions.Fraction(1, 90000)
        self.count += 1
        return frame


async def send(ws, message):
    await ws.send_str(json.dumps(message))


async def receive_json(ws):
    """The next message, within a generous bound; a socket error or close fails the test."""
    raw = await asyncio.wait_for(ws.receive(), 30)
    assert raw.type == aiohttp.WSMsgType.TEXT, f"expected a message, the socket gave {raw}"
    return json.loads(raw.data)


def ice_candidate(message):
    line = message["candidate"]["candidate"]
    candidate = candidate_from_sdp(line.split(":", 1)[1] if line.startswith("candidate:") else line)
    candidate.sdpMid = message["candidate"].get("sdpMid")
    candidate.sdpMLineIndex = message["candidate"].get("sdpMLineIndex")
    return candidate


async def signal(ws, connection):
    """Follows the relay's signaling: `connection()` gives the current peer connection for
    answers and candidates, `connection(offer=True)` a fresh one for each relay offer."""
    async for raw in ws:
        if raw.type == aiohttp.WSMsgType.ERROR:
            raise AssertionError(f"the signaling socket failed: {ws.exception()}")
        assert raw.type == aiohttp.WSMsgType.TEXT, f"unexpected frame {raw}"
        message = json.loads(raw.data)
        if message["type"] == "answer":
            await connection().setRemoteDescription(RTCSessionDescription(message["sdp"], "answer"))
        elif message["type"] == "offer":
            pc = await connection(offer=True)
            await pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "offer"))
            await pc.setLocalDescription(await pc.createAnswer())
            await send(ws, {"type": "answer", "sdp": pc.localDescription.sdp})
        elif message["type"] == "candidate" and message["candidate"]["candidate"] and connection() is not None:
            await connection().addIceCandidate(ice_candidate(message))
        elif message["type"] == "error":
            raise AssertionError(f"the relay refused a message: {message}")


class Viewer:
    """A technician on aiortc: a new peer connection for every offer of the relay (the
    relay offers video at once and again when the phone's codec needs another track)."""

    def __init__(self):
        self.pc = None
        self.tracks = asyncio.Queue()

    def __call__(self, offer=False):
        if not offer:
            return self.pc
        return self._fresh()

    async def _fresh(self):
        if self.pc is not None:
            await self.pc.close()
        self.pc = RTCPeerConnection()
        self.pc.on("track", self.tracks.put_nowait)
        return self.pc


@pytest.mark.parametrize("codec", ["video/VP8", "video/H264"])
async def test_aiortc_phone_streams_through_the_relay_to_an_aiortc_viewer(server, codec):
    async with aiohttp.ClientSession() as anonymous:
        login = await anonymous.post(f"{server.url}/api/auth/login", json={"email": server.admin_email, "password": server.admin_password})
        assert login.status == 200
        csrf = (await login.json())["csrf_token"]
        cookie = f"sightline_session={login.cookies['sightline_session'].value}"
    async with aiohttp.ClientSession(headers={"Cookie": cookie}) as http:
        session = await (await http.post(f"{server.url}/api/sessions", json={}, headers={"X-CSRF-Token": csrf})).json()
        joined = await http.post(f"{server.url}/api/join", json={"code": session["join"]["code"]})
        assert joined.status == 201
        token = (await joined.json())["token"]

        ws_url = server.url.replace("http", "ws")
        async with aiohttp.ClientSession() as phone_http:
            phone_ws = await phone_http.ws_connect(f"{ws_url}/api/live")
            await send(phone_ws, {"type": "hello", "token": token, "protocol": 1})
            welcome = await receive_json(phone_ws)
            assert welcome["type"] == "welcome" and welcome["role"] == "customer"

            phone = RTCPeerConnection()
            transceiver = phone.addTransceiver(HalfWhiteTrack(), direction="sendonly")
            # Offer only this codec: the relay must forward whatever the phone sends.
            transceiver.setCodecPreferences([c for c in RTCRtpSender.getCapabilities("video").codecs if c.mimeType == codec])
            await phone.setLocalDescription(await phone.createOffer())
            offered = [line for line in phone.localDescription.sdp.splitlines() if line.startswith("a=rtpmap:")]
            assert offered and all(codec.split("/")[1] in line for line in offered if "rtx" not in line), offered
            await send(phone_ws, {"type": "offer", "sdp": phone.localDescription.sdp})
            phone_signaling = asyncio.create_task(signal(phone_ws, lambda offer=False: phone))

            viewer_ws = await http.ws_connect(f"{ws_url}/api/sessions/{session['id']}/live", origin=server.url)
            # The technician joins once the phone streams, so the relay offers the phone's codec at once.
            while True:
                message = await receive_json(viewer_ws)
                if message == {"type": "phone_state", "state": "live"}:
                    break
                # Media messages, and the collaboration's (the seat, chat, freeze and annotations every technician gets).
                assert message["type"] in ("welcome", "phone_state", "offer", "candidate", "seat", "chat_history", "freeze", "annotations", "voices", "details", "recording", "video"), message
            await viewer_ws.close()
            viewer_ws = await http.ws_connect(f"{ws_url}/api/sessions/{session['id']}/live", origin=server.url)
            viewer = Viewer()
            viewer_signaling = asyncio.create_task(signal(viewer_ws, viewer))

            frames = []
            track = await asyncio.wait_for(viewer.tracks.get(), 30)
            while len(frames) < 10:
                try:
                    frame = await asyncio.wait_for(track.recv(), 30)
                except MediaStreamError:
                    # The relay re-offered (the phone's codec needs another track): follow it.
                    track = await asyncio.wait_for(viewer.tracks.get(), 30)
                    continue
                frames.append(frame.to_ndarray(format="gray"))
            last = frames[-1]
            top, bottom = last[: last.shape[0] // 2 - 8].mean(), last[last.shape[0] // 2 + 8 :].mean()
            assert last.shape == (HEIGHT, WIDTH)
            assert top > 200 and bottom < 50, f"decoded picture is not the phone's: top {top}, bottom {bottom}"

            metrics = await (await http.get(f"{server.url}/metrics")).text()
            assert "sightline_sessions_live 1" in metrics
            assert "sightline_streams_published 1" in metrics
            assert "sightline_streams_forwarded 1" in metrics

            for task in (phone_signaling, viewer_signaling):
                # A signaling task that stopped early failed: its exception fails the test.
                if task.done():
                    task.result()
                    raise AssertionError("a signaling connection closed while the media flowed")
                task.cancel()
            await phone.close()
            await viewer.pc.close()
            await phone_ws.close()
            await viewer_ws.close()
