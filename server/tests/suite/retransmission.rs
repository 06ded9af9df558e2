//! Retransmissions through the relay, end to end: the real SDK phone publishes, a webrtc-rs
//! technician answers the relay's offer and NACKs a packet of the forwarded video as if it
//! had been lost; the relay sends that packet again on the viewer's own stream, from the
//! forwarded track's history (the viewers' senders keep none).

use crate::common;

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

use common::live::Socket;
use common::phone::session_with_phone;
use common::{Backend, TestApp};
use futures_util::{SinkExt, StreamExt};
use sightline_rtc::{candidate_from_rtc, candidate_to_rtc, video_codec};
use sightline_virtual_phone::camera::Lens;
use sightline_wire::signal::{ClientMessage, ServerMessage};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use webrtc::api::media_engine::{MediaEngine, MIME_TYPE_VP8};
use webrtc::api::setting_engine::SettingEngine;
use webrtc::api::{APIBuilder, API};
use webrtc::ice::mdns::MulticastDnsMode;
use webrtc::ice::network_type::NetworkType;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtcp::transport_feedbacks::transport_layer_nack::{NackPair, TransportLayerNack};
use webrtc::rtp::packet::Packet;
use webrtc::rtp_transceiver::rtp_codec::RTPCodecType;

/// How long each step may take on a loaded machine before the test gives up.
const STEP: Duration = Duration::from_secs(60);

/// A viewer without interceptors (it NACKs only what the test asks for) that accepts a
/// packet it already has: a retransmission repeats the packet's SRTP index, which replay
/// protection would drop.
fn viewer_api() -> API {
    let mut media = MediaEngine::default();
    media.register_codec(video_codec(MIME_TYPE_VP8).expect("VP8 is set up"), RTPCodecType::Video).expect("VP8 registers");
    media.register_codec(sightline_rtc::voice::opus_codec(), RTPCodecType::Audio).expect("Opus registers");
    let mut settings = SettingEngine::default();
    settings.disable_srtp_replay_protection(true);
    settings.set_include_loopback_candidate(true);
    settings.set_network_types(vec![NetworkType::Udp4]);
    settings.set_ip_filter(Box::new(|ip: IpAddr| ip == IpAddr::V4(Ipv4Addr::LOCALHOST)));
    settings.set_ice_multicast_dns_mode(MulticastDnsMode::Disabled);
    APIBuilder::new().with_media_engine(media).with_setting_engine(settings).build()
}

/// Answers the relay's first offer on `pc` and trickles candidates both ways until the
/// connection closes.
async fn signal(socket: Socket, pc: Arc<RTCPeerConnection>) {
    let (mut sink, mut stream) = socket.split();
    let (outgoing, mut to_send) = mpsc::unbounded_channel::<ClientMessage>();
    let candidates = outgoing.clone();
    pc.on_ice_candidate(Box::new(move |candidate| {
        if let Some(candidate) = candidate.as_ref().and_then(|c| candidate_from_rtc(c).ok()) {
            let _ = candidates.send(ClientMessage::Candidate { candidate });
        }
        Box::pin(async {})
    }));
    let mut answered = false;
    loop {
        tokio::select! {
            Some(message) = to_send.recv() => sink.send(Message::text(message.to_json())).await.expect("sends"),
            frame = stream.next() => {
                let text = match frame {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(_)) => continue,
                    Some(Err(_)) | None => return,
                };
                match ServerMessage::parse(&text).expect("the relay's messages parse") {
                    ServerMessage::Offer { sdp } if !answered => {
                        answered = true;
                        pc.set_remote_description(RTCSessionDescription::offer(sdp).expect("an offer")).await.expect("offer applies");
                        let answer = pc.create_answer(None).await.expect("an answer");
                        pc.set_local_description(answer).await.expect("answer applies");
                        let sdp = pc.local_description().await.expect("local answer").sdp;
                        outgoing.send(ClientMessage::Answer { sdp }).expect("queued");
                    }
                    ServerMessage::Candidate { candidate } if answered && !candidate.candidate.is_empty() => {
                        pc.add_ice_candidate(candidate_to_rtc(candidate)).await.expect("candidate applies");
                    }
                    _ => {}
                }
            }
        }
    }
}

async fn next_packet(video: &mut mpsc::UnboundedReceiver<Packet>) -> Packet {
    tokio::time::timeout(STEP, video.recv()).await.expect("video in time").expect("the video track is open")
}

fn nack(media_ssrc: u32, seq: u16) -> TransportLayerNack {
    TransportLayerNack { sender_ssrc: 0, media_ssrc, nacks: vec![NackPair { packet_id: seq, lost_packets: 0 }] }
}

#[tokio::test]
async fn a_nacked_packet_comes_again_on_the_viewers_stream() {
    let app = TestApp::new(Backend::Sqlite).await;
    let (phone, technician, _, _) = session_with_phone(&app, Lens::default()).await;
    let pc = Arc::new(viewer_api().new_peer_connection(RTCConfiguration::default()).await.expect("a peer connection"));
    let (packets, mut video) = mpsc::unbounded_channel::<Packet>();
    pc.on_track(Box::new(move |track, _, _| {
        let packets = packets.clone();
        if track.kind() == RTPCodecType::Video {
            tokio::spawn(async move {
                while let Ok((packet, _)) = track.read_rtp().await {
                    if packets.send(packet).is_err() {
                        return;
                    }
                }
            });
        }
        Box::pin(async {})
    }));
    let signaling = tokio::spawn(signal(technician, pc.clone()));

    // Some packets into the stream, one is taken as lost.
    let mut seen = Vec::new();
    while seen.len() < 20 {
        seen.push(next_packet(&mut video).await);
    }
    let lost = seen[10].clone();
    let (ssrc, seq) = (lost.header.ssrc, lost.header.sequence_number);

    // The NACK is sent again while no copy arrived (RTCP on loopback is not expected to be lost,
    // but a loaded machine may drop a datagram); the copy must come within the step.
    let mut again = None;
    tokio::time::timeout(STEP, async {
        loop {
            pc.write_rtcp(&[Box::new(nack(ssrc, seq))]).await.expect("the NACK is sent");
            // Again after a quarter of a second: the relay keeps a packet for one second.
            let deadline = tokio::time::Instant::now() + Duration::from_millis(250);
            while let Ok(packet) = tokio::time::timeout_at(deadline, next_packet(&mut video)).await {
                if packet.header.sequence_number == seq {
                    again = Some(packet);
                    return;
                }
            }
        }
    })
    .await
    .expect("the relay sent the NACKed packet again");
    let again = again.expect("a copy arrived");
    assert_eq!(again.header.ssrc, ssrc, "on the viewer's own stream");
    assert_eq!(again.header.payload_type, lost.header.payload_type);
    assert_eq!(again.header.timestamp, lost.header.timestamp);
    assert_eq!(again.payload, lost.payload, "the same packet");

    signaling.abort();
    pc.close().await.expect("closes");
    drop(phone);
}
