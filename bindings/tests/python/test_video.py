"""The customer's say over the picture, and its audio report, from the installed wheel against
a real server: a session joined with `consent_required` sends no picture until `consent()`;
`pause_video()` keeps the picture back (the frames the app pushes meanwhile are dropped without
an error, a snapshot is refused) until `resume_video()`; the technician is told each change.
The app's audio status reaches its listener's `on_audio_status` and the technician."""

import asyncio

import aiohttp

from apps import loop_camera, recorders, silent_audio
from test_loop import Technician, session_config, until


def test_consent_pause_and_resume_reach_the_technician(sightline, server):
    asyncio.run(consent_pause_resume(sightline, server))


def frames_sent(session):
    stats = session.stats()
    return 0 if stats is None else stats.frames_sent


async def consent_pause_resume(sightline, server):
    session_id, code = server.start_session()
    camera = loop_camera(sightline)
    states, *_ = recorders(sightline)
    config = session_config(sightline, server.url, code, consent_required=True)
    session = await sightline.SightlineSession.join(config, camera, states)
    camera.session = session
    assert session.video_state() == sightline.VideoState.AWAITING_CONSENT

    async with aiohttp.ClientSession(headers={"Cookie": server.headers["Cookie"]}) as http:
        technician = await Technician.connect(http, server, session_id)
        await technician.wait_for("the customer's pending consent", lambda m: m == {"type": "video", "state": "awaiting_consent"})
        await until("the media connection", lambda: any(s.is_live() for s in states.states))
        pushed = camera.pushed
        await until("frames pushed while waiting for consent", lambda: camera.pushed >= pushed + 5)
        assert frames_sent(session) == 0, "nothing goes out before the customer agrees"
        _, refused = await technician.command({"action": "snapshot"})
        assert refused == {"status": "failed", "reason": "the customer has not agreed to show the video yet"}, refused

        since = len(technician.seen)
        session.consent()
        assert session.video_state() == sightline.VideoState.SENDING
        await technician.wait_for("the consent", lambda m: m == {"type": "video", "state": "sending"}, since)
        await until("frames sent after the consent", lambda: frames_sent(session) > 0)

        since = len(technician.seen)
        session.pause_video()
        await technician.wait_for("the pause", lambda m: m == {"type": "video", "state": "paused"}, since)
        # Frames the encoder took before the pause may still go out; after them, nothing does.
        pushed = camera.pushed
        await until("frames pushed while paused", lambda: camera.pushed >= pushed + 5)
        held, pushed = frames_sent(session), camera.pushed
        await until("more frames pushed while paused", lambda: camera.pushed >= pushed + 5)
        assert frames_sent(session) == held, "a paused video sends nothing"
        _, paused = await technician.command({"action": "snapshot"})
        assert paused == {"status": "failed", "reason": "the customer paused the video"}, paused

        since = len(technician.seen)
        session.resume_video()
        await technician.wait_for("the resume", lambda m: m == {"type": "video", "state": "sending"}, since)
        await until("frames sent after the resume", lambda: frames_sent(session) > held)
        await technician.ws.close()

    session.end()
    await until("the end", lambda: any(s.is_ended() for s in states.states))
    assert camera.push_errors == [], "frames pushed while the picture was kept back are dropped without an error"
    try:
        session.pause_video()
        raise AssertionError("pausing an ended session must fail")
    except sightline.SdkError.SessionEnded:
        pass


def test_the_audio_status_reaches_the_listener_and_the_technician(sightline, server):
    asyncio.run(audio_status(sightline, server))


async def audio_status(sightline, server):
    session_id, code = server.start_session()
    camera, audio = loop_camera(sightline), silent_audio(sightline)
    states, *_ = recorders(sightline)
    session = await sightline.SightlineSession.join_with_audio(session_config(sightline, server.url, code), camera, audio, states)
    camera.session = session
    assert audio.calls == ["start"]

    async with aiohttp.ClientSession(headers={"Cookie": server.headers["Cookie"]}) as http:
        technician = await Technician.connect(http, server, session_id)
        busy = sightline.AudioStatus(mic=sightline.MicStatus.BUSY, route=sightline.AudioRoute.HEADSET)
        session.audio_status_changed(busy)
        assert states.audio == [busy], "the listener hears the report at once"
        report = await technician.wait_for("the audio status", lambda m: m["type"] == "audio_status")
        assert report["status"] == {"mic": "busy", "route": "headset"}, report
        await technician.ws.close()

    session.end()
    await until("the end", lambda: any(s.is_ended() for s in states.states))
    assert audio.calls == ["start", "stop"]
