//! A bound on retransmissions. webrtc-rs's NACK generator asks again for every missing
//! packet at each of its 100 ms ticks until the packet arrives, and its responder resends
//! whatever each NACK lists: on a congested uplink a lost retransmission is asked for
//! again and again, the retransmissions crowd out the media, and the loss never falls
//! below what the link drops however low the encoder goes. This interceptor, placed before
//! the responder, takes out of each NACK what was resent less than [`RESEND_GAP`] ago
//! (the first retransmission may still be on its way) or already [`MAX_RESENDS`] times,
//! as a WebRTC browser's sender does (once per round trip, a few times at most).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use parking_lot::Mutex;
use webrtc::interceptor::stream_info::StreamInfo;
use webrtc::interceptor::{Attributes, Interceptor, InterceptorBuilder, RTCPReader, RTCPWriter, RTPReader, RTPWriter};
use webrtc::rtcp::packet::Packet;
use webrtc::rtcp::transport_feedbacks::transport_layer_nack::{nack_pairs_from_sequence_numbers, TransportLayerNack};

use crate::engine::NACK_HISTORY_LOG2;

type InterceptorResult<T> = Result<T, webrtc::interceptor::Error>;

/// The shortest time between two retransmissions of one packet.
pub const RESEND_GAP: Duration = Duration::from_millis(250);
/// The most times one packet is resent.
pub const MAX_RESENDS: u8 = 2;
/// Packets remembered per stream: as many as the responder's history holds.
const REMEMBERED: usize = 1 << NACK_HISTORY_LOG2;

/// Builds a [`ResendLimit`] per peer connection.
pub struct ResendLimitBuilder;

impl InterceptorBuilder for ResendLimitBuilder {
    fn build(&self, _id: &str) -> InterceptorResult<Arc<dyn Interceptor + Send + Sync>> {
        Ok(Arc::new(ResendLimit))
    }
}

/// Filters the NACKs each sender reads; see the module's documentation.
pub struct ResendLimit;

#[async_trait]
impl Interceptor for ResendLimit {
    /// Called once per sender: each sender's reader keeps its own resends.
    async fn bind_rtcp_reader(&self, reader: Arc<dyn RTCPReader + Send + Sync>) -> Arc<dyn RTCPReader + Send + Sync> {
        Arc::new(LimitedReader { parent: reader, resends: Mutex::new(HashMap::new()) })
    }

    async fn bind_rtcp_writer(&self, writer: Arc<dyn RTCPWriter + Send + Sync>) -> Arc<dyn RTCPWriter + Send + Sync> {
        writer
    }

    async fn bind_local_stream(&self, _info: &StreamInfo, writer: Arc<dyn RTPWriter + Send + Sync>) -> Arc<dyn RTPWriter + Send + Sync> {
        writer
    }

    async fn unbind_local_stream(&self, _info: &StreamInfo) {}

    async fn bind_remote_stream(&self, _info: &StreamInfo, reader: Arc<dyn RTPReader + Send + Sync>) -> Arc<dyn RTPReader + Send + Sync> {
        reader
    }

    async fn unbind_remote_stream(&self, _info: &StreamInfo) {}

    async fn close(&self) -> InterceptorResult<()> {
        Ok(())
    }
}

struct LimitedReader {
    parent: Arc<dyn RTCPReader + Send + Sync>,
    /// Per media SSRC, what was resent.
    resends: Mutex<HashMap<u32, Resends>>,
}

#[async_trait]
impl RTCPReader for LimitedReader {
    async fn read(&self, buf: &mut [u8], attributes: &Attributes) -> InterceptorResult<(Vec<Box<dyn Packet + Send + Sync>>, Attributes)> {
        let (packets, attributes) = self.parent.read(buf, attributes).await?;
        let now = Instant::now();
        let mut resends = self.resends.lock();
        let packets = packets
            .into_iter()
            .filter_map(|packet| match packet.as_any().downcast_ref::<TransportLayerNack>() {
                Some(nack) => resends.entry(nack.media_ssrc).or_default().limit(nack, now).map(|nack| Box::new(nack) as Box<dyn Packet + Send + Sync>),
                None => Some(packet),
            })
            .collect();
        Ok((packets, attributes))
    }
}

/// One stream's recent retransmissions: slot `sequence % REMEMBERED` holds the last
/// packet resent there, when, and how often.
struct Resends {
    slots: Vec<Option<Resent>>,
}

#[derive(Clone, Copy)]
struct Resent {
    sequence: u16,
    at: Instant,
    times: u8,
}

impl Default for Resends {
    fn default() -> Self {
        Resends { slots: vec![None; REMEMBERED] }
    }
}

impl Resends {
    /// The NACK with only the packets to resend now (counted as resent), or `None` when
    /// nothing is left of it.
    fn limit(&mut self, nack: &TransportLayerNack, now: Instant) -> Option<TransportLayerNack> {
        let wanted: Vec<u16> = nack.nacks.iter().flat_map(|pair| pair.packet_list()).filter(|&sequence| self.take(sequence, now)).collect();
        if wanted.is_empty() {
            return None;
        }
        Some(TransportLayerNack { sender_ssrc: nack.sender_ssrc, media_ssrc: nack.media_ssrc, nacks: nack_pairs_from_sequence_numbers(&wanted) })
    }

    /// Whether `sequence` may be resent now; if so, counts it.
    fn take(&mut self, sequence: u16, now: Instant) -> bool {
        let slot = &mut self.slots[usize::from(sequence) % REMEMBERED];
        let times = match *slot {
            Some(resent) if resent.sequence == sequence => {
                if resent.times >= MAX_RESENDS || now.saturating_duration_since(resent.at) < RESEND_GAP {
                    return false;
                }
                resent.times + 1
            }
            _ => 1,
        };
        *slot = Some(Resent { sequence, at: now, times });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nack(sequences: &[u16]) -> TransportLayerNack {
        TransportLayerNack { sender_ssrc: 1, media_ssrc: 2, nacks: nack_pairs_from_sequence_numbers(sequences) }
    }

    fn asked(resends: &mut Resends, sequences: &[u16], now: Instant) -> Vec<u16> {
        resends.limit(&nack(sequences), now).map(|nack| nack.nacks.iter().flat_map(|pair| pair.packet_list()).collect()).unwrap_or_default()
    }

    #[test]
    fn a_packet_is_resent_at_most_twice_and_not_again_within_the_gap() {
        let start = Instant::now();
        let mut resends = Resends::default();
        assert_eq!(asked(&mut resends, &[10, 11, 40], start), vec![10, 11, 40]);
        // The generator's next tick, 100 ms on: the retransmissions may still be on their way.
        assert_eq!(asked(&mut resends, &[10, 11, 40, 41], start + Duration::from_millis(100)), vec![41]);
        assert_eq!(asked(&mut resends, &[10, 40], start + RESEND_GAP), vec![10, 40]);
        assert_eq!(asked(&mut resends, &[10, 41], start + 3 * RESEND_GAP), vec![41]);
        assert!(resends.limit(&nack(&[10, 40]), start + 10 * RESEND_GAP).is_none(), "twice is the most");
    }

    #[test]
    fn a_sequence_number_that_comes_round_again_is_a_new_packet() {
        let start = Instant::now();
        let mut resends = Resends::default();
        let later = 7 + REMEMBERED as u16;
        assert_eq!(asked(&mut resends, &[7], start), vec![7]);
        assert_eq!(asked(&mut resends, &[later], start), vec![later], "same slot, another packet");
        assert_eq!(asked(&mut resends, &[7], start + Duration::from_millis(1)), vec![7], "its slot was taken: resent as new");
    }
}
