//! The session's forwarded video: one track that every viewer's sender is bound to, and
//! one retransmission history for all of them. A viewer's NACK is answered from it with
//! that viewer's SSRC, payload type and MID (sequence numbers are the same for every
//! viewer: the relay forwards them as the continuity rewrite left them), so the viewers'
//! senders keep no history of their own (`sightline_rtc::build_relay_api`).

use std::any::Any;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

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

/// How long a forwarded packet stays answerable: a viewer's NACK comes about one round trip
/// after the loss, and a retransmission later than that is behind the viewer's jitter
/// buffer anyway. libwebrtc's senders keep at least one second too.
const HISTORY_SPAN: Duration = Duration::from_secs(1);
/// The most packets kept, whatever the bitrate: as many as a sender of the SDK keeps.
const HISTORY_MAX: usize = 1 << NACK_HISTORY_LOG2;

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
    history: Mutex<History>,
    viewers: Mutex<Vec<Viewer>>,
}

impl ForwardedTrack {
    /// The session's track for a codec.
    pub fn new(session_id: &str, mime_type: &str) -> ForwardedTrack {
        let track = TrackLocalStaticRTP::new(video_capability(mime_type), "video".into(), format!("sightline-{session_id}"));
        ForwardedTrack { track, history: Mutex::default(), viewers: Mutex::new(Vec::new()) }
    }

    pub fn codec(&self) -> RTCRtpCodecCapability {
        self.track.codec()
    }

    /// Sends a packet to every viewer and keeps it for their NACKs.
    pub async fn write_rtp(&self, packet: &Packet) -> webrtc::error::Result<usize> {
        self.history.lock().keep(packet.clone(), Instant::now());
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
                .filter_map(|seq| history.get(seq).cloned())
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

/// The packets written in the last `HISTORY_SPAN` (at most `HISTORY_MAX`), in the order
/// written, each with when it was written.
#[derive(Default)]
struct History {
    packets: VecDeque<(Instant, Packet)>,
}

impl History {
    fn keep(&mut self, packet: Packet, now: Instant) {
        while let Some((written, _)) = self.packets.front() {
            if now.duration_since(*written) <= HISTORY_SPAN && self.packets.len() < HISTORY_MAX {
                break;
            }
            self.packets.pop_front();
        }
        self.packets.push_back((now, packet));
    }

    /// The packet kept with this sequence number (one of them, if it was written twice).
    fn get(&self, sequence_number: u16) -> Option<&Packet> {
        let first = self.packets.front()?.1.header.sequence_number;
        // Packets are written in sequence, so its place is its distance from the first.
        match self.packets.get(usize::from(sequence_number.wrapping_sub(first))) {
            Some((_, packet)) if packet.header.sequence_number == sequence_number => Some(packet),
            _ => self.packets.iter().rev().map(|(_, packet)| packet).find(|p| p.header.sequence_number == sequence_number),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn packet(sequence_number: u16) -> Packet {
        let mut packet = Packet::default();
        packet.header.sequence_number = sequence_number;
        packet
    }

    #[test]
    fn the_history_answers_for_its_span_across_the_sequence_wrap() {
        let start = Instant::now();
        let mut history = History::default();
        for (n, seq) in (65_530..=u16::MAX).chain(0..10).enumerate() {
            history.keep(packet(seq), start + Duration::from_millis(n as u64 * 10));
        }
        assert_eq!(history.get(65_535).map(|p| p.header.sequence_number), Some(65_535));
        assert_eq!(history.get(3).map(|p| p.header.sequence_number), Some(3));
        assert!(history.get(10).is_none(), "never written");
        // A span after the sixth packet, the five before it are gone.
        history.keep(packet(10), start + Duration::from_millis(50) + HISTORY_SPAN);
        assert!(history.get(65_534).is_none(), "older than the span");
        assert_eq!(history.get(65_535).map(|p| p.header.sequence_number), Some(65_535));
        assert_eq!(history.get(10).map(|p| p.header.sequence_number), Some(10));
    }

    #[test]
    fn the_history_keeps_at_most_its_count_and_finds_a_packet_resent_out_of_order() {
        let now = Instant::now();
        let mut history = History::default();
        for seq in 0..(HISTORY_MAX as u16 + 100) {
            history.keep(packet(seq), now);
        }
        assert_eq!(history.packets.len(), HISTORY_MAX);
        assert!(history.get(99).is_none(), "dropped by the count");
        // The phone resends a packet the history had dropped: found out of its place.
        history.keep(packet(50), now);
        assert_eq!(history.get(50).map(|p| p.header.sequence_number), Some(50));
        assert_eq!(history.get(HISTORY_MAX as u16 + 99).map(|p| p.header.sequence_number), Some(HISTORY_MAX as u16 + 99));
    }
}
