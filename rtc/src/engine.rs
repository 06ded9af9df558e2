//! The webrtc-rs `API` (media engine, interceptors, ICE network policy). Build it
//! once per process and setting, never per peer connection.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use webrtc::api::interceptor_registry::{configure_rtcp_reports, configure_twcc_receiver_only};
use webrtc::api::media_engine::{MediaEngine, MIME_TYPE_H264, MIME_TYPE_VP8};
use webrtc::api::setting_engine::SettingEngine;
use webrtc::api::{APIBuilder, API};
use webrtc::ice::mdns::MulticastDnsMode;
use webrtc::ice::network_type::NetworkType;
use webrtc::ice_transport::ice_candidate_type::RTCIceCandidateType;
use webrtc::interceptor::nack::generator::Generator;
use webrtc::interceptor::nack::responder::Responder;
use webrtc::interceptor::registry::Registry;
use webrtc::rtp_transceiver::rtp_codec::{RTCRtpCodecCapability, RTCRtpCodecParameters, RTPCodecType};
use webrtc::rtp_transceiver::RTCPFeedback;

use crate::resend::ResendLimitBuilder;
use crate::Error;

/// RTP clock rate of every video codec.
pub const VIDEO_CLOCK_RATE: u32 = 90_000;
/// Payload types as Chromium numbers them.
pub const VP8_PAYLOAD_TYPE: u8 = 96;
pub const H264_PAYLOAD_TYPE: u8 = 102;
/// The video codecs registered here: (MIME type, payload type).
const VIDEO_CODECS: [(&str, u8); 2] = [(MIME_TYPE_VP8, VP8_PAYLOAD_TYPE), (MIME_TYPE_H264, H264_PAYLOAD_TYPE)];

/// Packets each sender keeps to answer NACKs with: 2^9 = 512, about 4 s of 720p VP8 at
/// 1.2 Mbit/s, far longer than a retransmission stays useful to a live picture.
/// webrtc-rs keeps 8192 (over a minute): a ring of ~0.9 MB per video sender plus the
/// packets it holds.
pub const NACK_HISTORY_LOG2: u8 = 9;

/// How long the controlling agent waits before nominating a peer-reflexive pair: none
/// (webrtc-rs waits one second).
const PRFLX_ACCEPTANCE_MIN_WAIT: Duration = Duration::ZERO;

/// Where ICE may look for candidates and what it announces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NetworkSettings {
    /// Only 127.0.0.1 host candidates and no mDNS: tests and demos on one machine.
    pub loopback_only: bool,
    /// Public addresses announced instead of the host's own (a relay behind 1:1 NAT).
    pub public_ips: Vec<String>,
}

/// The capability of a video codec as registered here (tracks must match it).
pub fn video_capability(mime_type: &str) -> RTCRtpCodecCapability {
    let feedback = [("goog-remb", ""), ("ccm", "fir"), ("nack", ""), ("nack", "pli")]
        .into_iter()
        .map(|(typ, parameter)| RTCPFeedback { typ: typ.into(), parameter: parameter.into() })
        .collect();
    let fmtp = if mime_type.eq_ignore_ascii_case(MIME_TYPE_H264) {
        // Constrained baseline, non-interleaved: what phone hardware encoders and every Chromium agree on.
        "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"
    } else {
        ""
    };
    RTCRtpCodecCapability {
        mime_type: mime_type.into(),
        clock_rate: VIDEO_CLOCK_RATE,
        channels: 0,
        sdp_fmtp_line: fmtp.into(),
        rtcp_feedback: feedback,
    }
}

/// A video codec as registered here, with its payload type (`None` when it is not
/// registered): what a sender lists when it offers that codec alone.
pub fn video_codec(mime_type: &str) -> Option<RTCRtpCodecParameters> {
    VIDEO_CODECS
        .into_iter()
        .find(|(mime, _)| mime.eq_ignore_ascii_case(mime_type))
        .map(|(mime, payload_type)| RTCRtpCodecParameters { capability: video_capability(mime), payload_type, ..Default::default() })
}

/// Builds the `API` for a network setting: every video sender answers NACKs from a
/// history of its own (what a peer that sends its own video needs).
pub fn build_api(network: &NetworkSettings) -> Result<API, Error> {
    build(network, SenderHistory::Kept)
}

/// Builds the relay's `API`: its senders keep no retransmission history. The relay
/// forwards one track to many viewers and answers their NACKs from that track's single
/// history (the server's `ForwardedTrack`), instead of one copy per viewer's sender.
pub fn build_relay_api(network: &NetworkSettings) -> Result<API, Error> {
    build(network, SenderHistory::None)
}

/// Whether webrtc-rs's NACK responder keeps each video sender's last packets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SenderHistory {
    Kept,
    None,
}

fn build(network: &NetworkSettings, history: SenderHistory) -> Result<API, Error> {
    let mut media = MediaEngine::default();
    for codec in VIDEO_CODECS.into_iter().filter_map(|(mime, _)| video_codec(mime)) {
        media.register_codec(codec, RTPCodecType::Video)?;
    }
    media.register_codec(crate::voice::opus_codec(), RTPCodecType::Audio)?;
    let interceptors = register_interceptors(&mut media, history)?;

    let mut settings = SettingEngine::default();
    // A peer's first check often arrives before its trickled candidate does: the pair it
    // forms is peer-reflexive, which webrtc-rs would not nominate for a second. That pair
    // has just been proven to work both ways (libwebrtc nominates such pairs at once), and
    // a better one found later still replaces it.
    settings.set_prflx_acceptance_min_wait(Some(PRFLX_ACCEPTANCE_MIN_WAIT));
    if network.loopback_only {
        settings.set_include_loopback_candidate(true);
        settings.set_network_types(vec![NetworkType::Udp4]);
        settings.set_ip_filter(Box::new(|ip: IpAddr| ip == IpAddr::V4(Ipv4Addr::LOCALHOST)));
        settings.set_ice_multicast_dns_mode(MulticastDnsMode::Disabled);
    }
    if !network.public_ips.is_empty() {
        settings.set_nat_1to1_ips(network.public_ips.clone(), RTCIceCandidateType::Host);
        settings.set_ice_multicast_dns_mode(MulticastDnsMode::Disabled);
    }
    Ok(APIBuilder::new().with_media_engine(media).with_interceptor_registry(interceptors).with_setting_engine(settings).build())
}

/// webrtc-rs's default interceptors (NACK generated for received streams and, with
/// `SenderHistory::Kept`, answered for sent ones, each packet a bounded number of times
/// (`resend`); RTCP reports; TWCC for received
/// streams), with a shorter retransmission history (`NACK_HISTORY_LOG2`). NACK feedback
/// is negotiated either way: without the responder, the application answers NACKs.
fn register_interceptors(media: &mut MediaEngine, history: SenderHistory) -> Result<Registry, Error> {
    for parameter in ["", "pli"] {
        media.register_feedback(RTCPFeedback { typ: "nack".into(), parameter: parameter.into() }, RTPCodecType::Video);
    }
    let mut registry = Registry::new();
    if history == SenderHistory::Kept {
        // Before the responder, so that it reads the NACKs with what may not be resent taken out.
        registry.add(Box::new(ResendLimitBuilder));
        registry.add(Box::new(Responder::builder().with_log2_size(NACK_HISTORY_LOG2)));
    }
    registry.add(Box::new(Generator::builder()));
    let registry = configure_rtcp_reports(registry);
    Ok(configure_twcc_receiver_only(registry, media)?)
}
