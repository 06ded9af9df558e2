//! End to end on 127.0.0.1: virtual camera -> Publisher (VP8, webrtc-rs) -> a second
//! webrtc-rs peer that depacketises, decodes with libvpx and reads the frame counter
//! back from the pixels; a PLI from that peer brings a key frame.

use std::sync::Arc;
use std::time::Duration;

use sightline_sdk_core::camera::{Camera, CameraConfig, Resolution};
use sightline_sdk_core::media::engine::{self, NetworkPolicy};
use sightline_sdk_core::media::{
    ConnectionState, IceCandidate, MediaInput, Publisher, PublisherConfig, PublisherEvent, Vp8Decoder,
};
use sightline_virtual_phone::{counter, SceneContent, VirtualCamera};
use tokio::sync::mpsc;
use webrtc::media::io::sample_builder::SampleBuilder;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;
use webrtc::rtp::codecs::vp8::Vp8Packet;

/// Upper bound for each wait, so a broken connection fails the test instead of hanging.
const WAIT: Duration = Duration::from_secs(30);

/// One decoded picture as the receiver saw it.
#[derive(Debug)]
struct Received {
    counter: Option<u32>,
    keyframe: bool,
}

/// The receiving peer: every VP8 frame it gets is decoded and its counter read.
async fn receiver() -> (Arc<RTCPeerConnection>, mpsc::UnboundedReceiver<Received>, mpsc::UnboundedReceiver<u32>) {
    let api = engine::api(NetworkPolicy::LoopbackOnly).expect("api");
    let pc = Arc::new(api.new_peer_connection(RTCConfiguration::default()).await.expect("receiver pc"));
    let (frames_tx, frames) = mpsc::unbounded_channel();
    let (ssrc_tx, ssrcs) = mpsc::unbounded_channel();
    pc.on_track(Box::new(move |track, _, _| {
        let frames_tx = frames_tx.clone();
        let _ = ssrc_tx.send(track.ssrc());
        tokio::spawn(async move {
            let mut builder = SampleBuilder::new(64, Vp8Packet::default(), 90_000);
            let mut decoder = Vp8Decoder::new().expect("decoder");
            while let Ok((packet, _)) = track.read_rtp().await {
                builder.push(packet);
                while let Some(sample) = builder.pop() {
                    // VP8 payload header: bit 0 of the first byte is 0 on key frames.
                    let keyframe = sample.data.first().is_some_and(|b| b & 1 == 0);
                    // Inter frames before the first key frame cannot decode; skip them.
                    if let Ok(Some(picture)) = decoder.decode(&sample.data, 0) {
                        let _ = frames_tx.send(Received { counter: counter::read(&picture), keyframe });
                    }
                }
            }
        });
        Box::pin(async {})
    }));
    (pc, frames, ssrcs)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn published_frames_decode_with_an_advancing_counter_and_pli_brings_a_keyframe() {
    let mut config = PublisherConfig::default();
    config.network = NetworkPolicy::LoopbackOnly;
    let (publisher, mut events) = Publisher::new(config).await.expect("publisher");
    let publisher = Arc::new(publisher);
    let (rx_pc, mut frames, mut ssrcs) = receiver().await;

    // Signaling: offer/answer first, then candidates both ways.
    let offer = publisher.create_offer().await.expect("offer");
    rx_pc.set_remote_description(RTCSessionDescription::offer(offer).expect("sdp")).await.expect("remote offer");
    let (rx_candidates_tx, mut rx_candidates) = mpsc::unbounded_channel();
    rx_pc.on_ice_candidate(Box::new(move |candidate| {
        if let Some(init) = candidate.and_then(|c| c.to_json().ok()) {
            let _ = rx_candidates_tx.send(init);
        }
        Box::pin(async {})
    }));
    let answer = rx_pc.create_answer(None).await.expect("answer");
    rx_pc.set_local_description(answer.clone()).await.expect("local answer");
    publisher.accept_answer(answer.sdp).await.expect("accept answer");
    let to_publisher = {
        let publisher = Arc::clone(&publisher);
        tokio::spawn(async move {
            while let Some(init) = rx_candidates.recv().await {
                let candidate = IceCandidate {
                    candidate: init.candidate,
                    sdp_mid: init.sdp_mid,
                    sdp_mline_index: init.sdp_mline_index,
                    username_fragment: init.username_fragment,
                };
                publisher.add_remote_candidate(candidate).await.expect("remote candidate");
            }
        })
    };

    // The camera: 640x360 frames pushed at 30 fps for as long as the test runs.
    let camera = Arc::new(VirtualCamera::new(&SceneContent::default()).expect("camera"));
    let mut camera_config = CameraConfig::default();
    camera_config.resolution = Resolution { width: 640, height: 360 };
    camera.start(camera_config).expect("camera start");
    let pusher = {
        let (camera, publisher) = (Arc::clone(&camera), Arc::clone(&publisher));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(33));
            loop {
                tick.tick().await;
                let frame = camera.next_frame().expect("frame");
                if publisher.push(MediaInput::Raw(frame)).is_err() {
                    return;
                }
            }
        })
    };

    // Publisher events: every local candidate is on 127.0.0.1; wait for Connected.
    let (pli_tx, mut pli_seen) = mpsc::unbounded_channel();
    let (connected_tx, mut connected) = mpsc::unbounded_channel();
    let event_pump = {
        let rx_pc = Arc::clone(&rx_pc);
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                match event {
                    PublisherEvent::LocalCandidate(candidate) => {
                        assert!(candidate.candidate.contains(" 127.0.0.1 "), "non-loopback candidate {}", candidate.candidate);
                        rx_pc.add_ice_candidate(sightline_rtc::candidate_to_rtc(candidate)).await.expect("candidate into receiver");
                    }
                    PublisherEvent::ConnectionState(ConnectionState::Connected) => {
                        let _ = connected_tx.send(());
                    }
                    PublisherEvent::KeyframeRequested => {
                        let _ = pli_tx.send(());
                    }
                    _ => {}
                }
            }
        })
    };
    tokio::time::timeout(WAIT, connected.recv()).await.expect("connected in time").expect("events open");

    // The counter advances frame after frame.
    let mut counters = Vec::new();
    let mut saw_inter_frame = false;
    while counters.len() < 15 {
        let frame = tokio::time::timeout(WAIT, frames.recv()).await.expect("frames in time").expect("receiver open");
        let value = frame.counter.expect("every decoded frame carries a readable counter");
        saw_inter_frame |= !frame.keyframe;
        counters.push(value);
    }
    assert!(counters.windows(2).all(|pair| pair[0] < pair[1]), "counter must strictly increase: {counters:?}");
    assert!(saw_inter_frame, "a live stream is mostly inter frames");

    // A PLI from the receiver makes the encoder send a key frame.
    let ssrc = tokio::time::timeout(WAIT, ssrcs.recv()).await.expect("track in time").expect("ssrc");
    let before_pli = counters.last().copied().unwrap_or_default();
    rx_pc
        .write_rtcp(&[Box::new(PictureLossIndication { sender_ssrc: 0, media_ssrc: ssrc })])
        .await
        .expect("send PLI");
    tokio::time::timeout(WAIT, pli_seen.recv()).await.expect("PLI reported in time").expect("events open");
    let keyframe_counter = loop {
        let frame = tokio::time::timeout(WAIT, frames.recv()).await.expect("frames in time").expect("receiver open");
        if frame.keyframe {
            break frame.counter.expect("readable counter");
        }
    };
    assert!(keyframe_counter > before_pli, "key frame {keyframe_counter} after PLI at {before_pli}");

    let stats = publisher.stats();
    assert!(stats.frames_sent >= 16 && stats.keyframes_sent >= 2, "{stats:?}");
    assert_eq!((stats.width, stats.height), (640, 360));

    pusher.abort();
    to_publisher.abort();
    event_pump.abort();
    publisher.close().await.expect("close");
    rx_pc.close().await.expect("close receiver");
}
