//! Fuzzes SDP as webrtc-rs gets it from the other side, on the API the SDK and the relay
//! build (`sightline_rtc::build_api`, loopback-only ICE): a phone's offer that the relay
//! answers (first byte even), or an answer to an offer of the SDK's shape, a sendonly
//! VP8 track, as the SDK and the relay's viewers get one (odd). Any text must be taken
//! or refused with an error, never a panic.

#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use sightline_rtc::{build_api, video_capability, NetworkSettings};
use tokio::runtime::Runtime;
use webrtc::api::media_engine::MIME_TYPE_VP8;
use webrtc::api::API;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtp_transceiver::rtp_transceiver_direction::RTCRtpTransceiverDirection;
use webrtc::rtp_transceiver::RTCRtpTransceiverInit;
use webrtc::track::track_local::track_local_static_sample::TrackLocalStaticSample;

fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime"))
}

fn api() -> &'static API {
    static API: OnceLock<API> = OnceLock::new();
    API.get_or_init(|| build_api(&NetworkSettings { loopback_only: true, public_ips: Vec::new() }).expect("the API"))
}

/// The relay's side: the phone's offer applied and answered.
async fn offered(pc: &RTCPeerConnection, sdp: &str) {
    let Ok(offer) = RTCSessionDescription::offer(sdp.to_owned()) else { return };
    if pc.set_remote_description(offer).await.is_ok() {
        let _ = pc.create_answer(None).await;
    }
}

/// The offering side: its own offer applied, then the other side's answer.
async fn answered(pc: &RTCPeerConnection, sdp: &str) {
    let track = Arc::new(TrackLocalStaticSample::new(video_capability(MIME_TYPE_VP8), "video".into(), "fuzz".into()));
    let init = RTCRtpTransceiverInit { direction: RTCRtpTransceiverDirection::Sendonly, send_encodings: vec![] };
    pc.add_transceiver_from_track(track, Some(init)).await.expect("a video transceiver");
    let offer = pc.create_offer(None).await.expect("an offer");
    pc.set_local_description(offer).await.expect("the offer applied");
    let Ok(answer) = RTCSessionDescription::answer(sdp.to_owned()) else { return };
    let _ = pc.set_remote_description(answer).await;
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, text)) = data.split_first() else { return };
    let Ok(sdp) = std::str::from_utf8(text) else { return };
    runtime().block_on(async {
        let pc = api().new_peer_connection(RTCConfiguration::default()).await.expect("a peer connection");
        if mode % 2 == 0 {
            offered(&pc, sdp).await;
        } else {
            answered(&pc, sdp).await;
        }
        pc.close().await.expect("the peer connection closes");
    });
});
