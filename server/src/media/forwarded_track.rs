//! The session's forwarded video: one track that every viewer's sender is bound to, and
//! one retransmission history for all of them. A viewer's NACK is answered from it with
//! that viewer's SSRC, payload type and MID (sequence numbers are the same for every
//! viewer: the relay forwards them as the continuity rewrite left them), so the viewers'
//! senders keep no history of their own (`sightline_rtc::build_relay_api`).

use std::any::Any;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use parking_lot::Mutex;
use sightline_rtc::{video_capability, NACK_HISTORY_LOG2};
use webrtc::rtcp::transport_feedbacks::transport_layer_nack::TransportLayerNack;
use webrtc::rtp::packet::Packet;
use webrtc::rtp_transceiver::rtp_codec::{RTCRtpCodecCapability, RTCRtpCodecParameters, RTPCodecType};
use webrtc::sdp::extmap::SDES_MID_URI;
use webrtc::track::track_local::track_local_static_rtp::TrackLocalStaticRTP;
use webrtc::track::track_local::{TrackLocal, TrackLocalContext, TrackLocalWriter};

/// Packets kept for retransmission: as many as a sender of the SDK keeps.
const HISTORY: usize = 1 << NACK_HISTORY_LOG2;

/// A viewer's sender as bound to the track: what its packets are rewritten with.
#[derive(Clone)]
struct Viewer {
    binding: String,
    ssrc: u32,
    payload_type: u8,
    /// The MID header extension's id and value, when negotiated.
    mid: Option<(u8, Bytes)>,
    writer: Arc<dyn TrackLocalWriter + Send + Sync>,
}

pub struct ForwardedTrack {
    track: TrackLocalStaticRTP,
    /// The last `HISTORY` packets written, at their sequence number modulo `HISTORY`.
    history: Mutex<Vec<Option<Packet>>>,
    viewers: Mutex<Vec<Viewer>>,
}

impl ForwardedTrack {
    /// The session's track for a codec.
    pub fn new(session_id: &str, mime_type: &str) -> ForwardedTrack {
        let track = TrackLocalStaticRTP::new(video_capability(mime_type), "video".into(), format!("sightline-{session_id}"));
        ForwardedTrack { track, history: Mutex::new(vec![None; HISTORY]), viewers: Mutex::new(Vec::new()) }
    }

    pub fn codec(&self) -> RTCRtpCodecCapability {
        self.track.codec()
    }

    /// Sends a packet to every viewer and keeps it for their NACKs.
    pub async fn write_rtp(&self, packet: &Packet) -> webrtc::error::Result<usize> {
        self.history.lock()[slot(packet.header.sequence_number)] = Some(packet.clone());
        self.track.write_rtp(packet).await
    }

    /// Answers a viewer's NACK: the packets it names that are still kept go again to that
    /// viewer alone. A NACK for another stream, or for packets already dropped, sends nothing.
    pub async fn retransmit(&self, nack: &TransportLayerNack) {
        let Some(viewer) = self.viewers.lock().iter().find(|v| v.ssrc == nack.media_ssrc).cloned() else { return };
        let packets: Vec<Packet> = {
            let history = self.history.lock();
            nack.nacks
                .iter()
                .flat_map(|pair| pair.into_iter())
                .filter_map(|seq| history[slot(seq)].as_ref().filter(|p| p.header.sequence_number == seq).cloned())
                .collect()
        };
        for mut packet in packets {
            packet.header.ssrc = viewer.ssrc;
            packet.header.payload_type = viewer.payload_type;
            if let Some((id, mid)) = &viewer.mid {
                if let Err(err) = packet.header.set_extension(*id, mid.clone()) {
                    tracing::debug!(%err, "a retransmission kept the phone's MID");
                }
            }
            if let Err(err) = viewer.writer.write_rtp(&packet).await {
                tracing::trace!(%err, "a retransmission was not sent");
                return;
            }
        }
    }
}

fn slot(sequence_number: u16) -> usize {
    usize::from(sequence_number) % HISTORY
}

#[async_trait]
impl TrackLocal for ForwardedTrack {
    async fn bind(&self, t: &TrackLocalContext) -> webrtc::error::Result<RTCRtpCodecParameters> {
        let codec = self.track.bind(t).await?;
        let mid_id = t.header_extensions().iter().find(|e| e.uri == SDES_MID_URI).and_then(|e| u8::try_from(e.id).ok());
        let mid = mid_id.zip(t.mid().map(|mid| Bytes::copy_from_slice(mid.as_bytes())));
        self.viewers.lock().push(Viewer { binding: t.id(), ssrc: t.ssrc(), payload_type: codec.payload_type, mid, writer: t.write_stream() });
        Ok(codec)
    }

    async fn unbind(&self, t: &TrackLocalContext) -> webrtc::error::Result<()> {
        self.viewers.lock().retain(|v| v.binding != t.id());
        self.track.unbind(t).await
    }

    fn id(&self) -> &str {
        self.track.id()
    }

    fn rid(&self) -> Option<&str> {
        self.track.rid()
    }

    fn stream_id(&self) -> &str {
        self.track.stream_id()
    }

    fn kind(&self) -> RTPCodecType {
        self.track.kind()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
