//! The voice channel's silence, end to end: while nobody speaks, a listener's mix is not
//! sent at all; when someone speaks again, the listener hears it at once, in time (the RTP
//! timestamp moved on over the silence, the sequence number did not).

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use common::phone::{session_with_media, PhoneMedia, Quiet};
use common::viewer::Viewer;
use common::{Backend, TestApp};
use sightline_rtc::voice::{dbfs, VoiceDecoder, FRAME_SAMPLES, SAMPLE_RATE, SPEAKING_DBFS};
use sightline_sdk_core::media::VideoCodec;
use sightline_virtual_phone::camera::Lens;
use sightline_virtual_phone::tone::ToneArgs;

/// How long each step may take on a loaded machine before the test gives up.
const STEP: Duration = Duration::from_secs(60);
/// How long the listener is watched while nobody speaks.
const QUIET: Duration = Duration::from_secs(3);

async fn until(what: &str, mut done: impl FnMut() -> bool) {
    tokio::time::timeout(STEP, async {
        while !done() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{what} in time"));
}

#[tokio::test]
async fn a_silent_mix_is_not_sent_and_speech_is_heard_at_once() {
    let app = TestApp::new(Backend::Sqlite).await;
    let tone = ToneArgs { tone_hz: 440.0, tone_amplitude: 0.3, listen_hz: 660.0, echo_ms: 0 };
    let media = PhoneMedia { lens: Lens::default(), codec: VideoCodec::Vp8, tone: Some(tone) };
    let (phone, technician, _, _) = session_with_media(&app, media, Arc::new(Quiet)).await;
    phone.session.set_muted(true).expect("the phone mutes");
    let viewer = Viewer::watch_on_loopback(technician);
    until("the technician's video", || viewer.frames() > 0).await;

    // Whatever the phone said before its mute reached the relay ends; then nothing comes.
    tokio::time::timeout(STEP, async {
        loop {
            let before = viewer.voice().len();
            tokio::time::sleep(Duration::from_secs(1)).await;
            if viewer.voice().len() == before {
                return;
            }
        }
    })
    .await
    .expect("the voice packets stop while nobody speaks");
    let before = viewer.voice().len();
    tokio::time::sleep(QUIET).await;
    assert_eq!(viewer.voice().len(), before, "no voice packet while nobody speaks");

    phone.session.set_muted(false).expect("the phone unmutes");
    until("the phone's voice", || viewer.voice().len() > before).await;
    let voice = viewer.voice();
    let first = &voice[before];
    let mut decoder = VoiceDecoder::new().expect("an Opus decoder");
    let heard = decoder.decode(&first.payload).expect("Opus");
    assert!(dbfs(&heard) > SPEAKING_DBFS, "the first packet carries the voice: {} dBFS", dbfs(&heard));
    assert!(first.header.marker, "a talkspurt starts");
    if let Some(last) = before.checked_sub(1).map(|i| &voice[i]) {
        assert_eq!(first.header.sequence_number, last.header.sequence_number.wrapping_add(1), "no packet is missing");
        let elapsed = first.header.timestamp.wrapping_sub(last.header.timestamp);
        assert_eq!(elapsed % FRAME_SAMPLES as u32, 0, "whole frames");
        assert!(elapsed >= SAMPLE_RATE * QUIET.as_secs() as u32, "the timestamp moved on over the silence: {elapsed}");
    }
    drop(viewer);
    drop(phone);
}
