//! A bound on retransmissions. webrtc-rs's NACK generator asks again for every missing
//! packet at each of its 100 ms ticks until the packet arrives, and its responder resends
//! whatever each NACK lists: on a congested uplink a lost retransmission is asked for
//! again and again, the retransmissions crowd out the media, and the loss stays high
//! however low the encoder goes. This interceptor, placed before the responder, takes out
//! of each NACK what was resent less than [`RESEND_GAP`] ago (the first retransmission may
//! still be on its way), what was resent [`MAX_RESENDS`] times already, and what is older
//! than the responder's history (which cannot resend it).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use parking_lot::Mutex;
use webrtc::interceptor::stream_info::StreamInfo;
use webrtc::interceptor::{Attributes, Interceptor, InterceptorBuilder, RTCPReader, RTCPWriter, RTPReader, RTPWriter};
use webrtc::rtcp::packet::Packet;
use webrtc::rtp::packet::Packet as RtpPacket;
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
        Ok(Arc::new(ResendLimit::default()))
    }
}

/// Filters the NACKs the senders read; see the module's documentation.
#[derive(Default)]
pub struct ResendLimit {
    /// Per local stream (SSRC), what was sent and resent.
    streams: Arc<Mutex<HashMap<u32, Resends>>>,
}

#[async_trait]
impl Interceptor for ResendLimit {
    async fn bind_rtcp_reader(&self, reader: Arc<dyn RTCPReader + Send + Sync>) -> Arc<dyn RTCPReader + Send + Sync> {
        Arc::new(LimitedReader { parent: reader, streams: Arc::clone(&self.streams) })
    }

    async fn bind_rtcp_writer(&self, writer: Arc<dyn RTCPWriter + Send + Sync>) -> Arc<dyn RTCPWriter + Send + Sync> {
        writer
    }

    /// Follows the stream's newest sequence number (the responder's retransmissions pass
    /// here too, being older they change nothing).
    async fn bind_local_stream(&self, info: &StreamInfo, writer: Arc<dyn RTPWriter + Send + Sync>) -> Arc<dyn RTPWriter + Send + Sync> {
        self.streams.lock().insert(info.ssrc, Resends::default());
        Arc::new(SentWriter { parent: writer, ssrc: info.ssrc, streams: Arc::clone(&self.streams) })
    }

    async fn unbind_local_stream(&self, info: &StreamInfo) {
        self.streams.lock().remove(&info.ssrc);
    }

    async fn bind_remote_stream(&self, _info: &StreamInfo, reader: Arc<dyn RTPReader + Send + Sync>) -> Arc<dyn RTPReader + Send + Sync> {
        reader
    }

    async fn unbind_remote_stream(&self, _info: &StreamInfo) {}

    async fn close(&self) -> InterceptorResult<()> {
        Ok(())
    }
}

struct SentWriter {
    parent: Arc<dyn RTPWriter + Send + Sync>,
    ssrc: u32,
    streams: Arc<Mutex<HashMap<u32, Resends>>>,
}

#[async_trait]
impl RTPWriter for SentWriter {
    async fn write(&self, packet: &RtpPacket, attributes: &Attributes) -> InterceptorResult<usize> {
        if let Some(resends) = self.streams.lock().get_mut(&self.ssrc) {
            resends.sent(packet.header.sequence_number);
        }
        self.parent.write(packet, attributes).await
    }
}

struct LimitedReader {
    parent: Arc<dyn RTCPReader + Send + Sync>,
    streams: Arc<Mutex<HashMap<u32, Resends>>>,
}

#[async_trait]
impl RTCPReader for LimitedReader {
    async fn read(&self, buf: &mut [u8], attributes: &Attributes) -> InterceptorResult<(Vec<Box<dyn Packet + Send + Sync>>, Attributes)> {
        let (packets, attributes) = self.parent.read(buf, attributes).await?;
        let now = Instant::now();
        let mut streams = self.streams.lock();
        let packets = packets
            .into_iter()
            .filter_map(|packet| match packet.as_any().downcast_ref::<TransportLayerNack>() {
                Some(nack) => match streams.get_mut(&nack.media_ssrc) {
                    Some(resends) => resends.limit(nack, now).map(|nack| Box::new(nack) as Box<dyn Packet + Send + Sync>),
                    // Not a stream sent here: the responder has nothing to resend either.
                    None => Some(packet),
                },
                None => Some(packet),
            })
            .collect();
        Ok((packets, attributes))
    }
}

/// One stream's newest sequence number sent and its recent retransmissions: slot
/// `sequence % REMEMBERED` holds the last packet resent there, when, and how often. Only
/// the last [`REMEMBERED`] packets sent are resent (the responder's history holds no
/// other), so no two packets that may be resent share a slot.
struct Resends {
    newest: Option<u16>,
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
        Resends { newest: None, slots: vec![None; REMEMBERED] }
    }
}

impl Resends {
    fn sent(&mut self, sequence: u16) {
        // Newer when ahead by less than half the sequence space (RTP's wrap-around).
        let newer = self.newest.is_none_or(|newest| sequence.wrapping_sub(newest) < 1 << 15);
        if newer {
            self.newest = Some(sequence);
        }
    }

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
        let recent = self.newest.is_some_and(|newest| usize::from(newest.wrapping_sub(sequence)) < REMEMBERED);
        if !recent {
            return false;
        }
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

    fn sent_up_to(newest: u16) -> Resends {
        let mut resends = Resends::default();
        for back in (0..600u16).rev() {
            resends.sent(newest.wrapping_sub(back));
        }
        resends
    }

    #[test]
    fn a_packet_is_resent_at_most_twice_and_not_again_within_the_gap() {
        let start = Instant::now();
        let mut resends = sent_up_to(1_000);
        assert_eq!(asked(&mut resends, &[900, 901, 940], start), vec![900, 901, 940]);
        // The generator's next tick, 100 ms on: the retransmissions may still be on their way.
        assert_eq!(asked(&mut resends, &[900, 901, 940, 941], start + Duration::from_millis(100)), vec![941]);
        assert_eq!(asked(&mut resends, &[900, 940], start + RESEND_GAP), vec![900, 940]);
        assert_eq!(asked(&mut resends, &[900, 941], start + 3 * RESEND_GAP), vec![941]);
        assert!(resends.limit(&nack(&[900, 940]), start + 10 * RESEND_GAP).is_none(), "twice is the most");
    }

    #[test]
    fn only_the_packets_the_history_still_holds_are_resent_across_the_wrap_around() {
        let start = Instant::now();
        let mut resends = sent_up_to(100);
        let oldest_kept = 100u16.wrapping_sub(REMEMBERED as u16 - 1);
        // An old packet asked for without end shares a slot with a newer one: neither
        // makes the other look new (the old one is not resent at all).
        let old = oldest_kept.wrapping_sub(1);
        let newer = old.wrapping_add(REMEMBERED as u16);
        assert_eq!(asked(&mut resends, &[old, oldest_kept, newer], start), vec![oldest_kept, newer]);
        for tick in 1..20u32 {
            assert_eq!(asked(&mut resends, &[old, newer], start + tick * RESEND_GAP), if tick == 1 { vec![newer] } else { vec![] });
        }
        // Retransmissions (older) leave the newest alone; a newer packet moves the window.
        resends.sent(oldest_kept);
        resends.sent(101);
        assert!(asked(&mut resends, &[oldest_kept.wrapping_sub(5)], start).is_empty());
        assert_eq!(asked(&mut resends, &[101], start), vec![101]);
    }
}
