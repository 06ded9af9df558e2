//! Keeps the forwarded RTP stream continuous when the phone reconnects with a new
//! peer connection: sequence numbers and timestamps carry on from where the last
//! publisher stopped, so viewers' jitter buffers and SRTP contexts never see a jump.

use webrtc::rtp::packet::Packet;

/// Timestamp step assumed between the last packet of one publisher and the first of the next (one frame at 30 fps).
const GAP_TICKS: u32 = 3_000;

#[derive(Debug, Default)]
pub struct Continuity {
    /// Last sequence number and timestamp sent to viewers.
    last_out: Option<(u16, u32)>,
    /// Offsets applied to the current publisher's packets.
    offsets: Option<(u16, u32)>,
}

impl Continuity {
    /// A new publisher starts: its first packet continues the stream.
    pub fn new_source(&mut self) {
        self.offsets = None;
    }

    /// Rewrites a packet of the current publisher in place.
    pub fn rewrite(&mut self, packet: &mut Packet) {
        let (seq_offset, ts_offset) = *self.offsets.get_or_insert_with(|| match self.last_out {
            Some((seq, ts)) => (
                seq.wrapping_add(1).wrapping_sub(packet.header.sequence_number),
                ts.wrapping_add(GAP_TICKS).wrapping_sub(packet.header.timestamp),
            ),
            None => (0, 0),
        });
        packet.header.sequence_number = packet.header.sequence_number.wrapping_add(seq_offset);
        packet.header.timestamp = packet.header.timestamp.wrapping_add(ts_offset);
        self.last_out = Some((packet.header.sequence_number, packet.header.timestamp));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packet(seq: u16, ts: u32) -> Packet {
        let mut p = Packet::default();
        p.header.sequence_number = seq;
        p.header.timestamp = ts;
        p
    }

    #[test]
    fn a_new_source_continues_sequence_and_time() {
        let mut c = Continuity::default();
        c.new_source();
        let mut first = packet(65_535, 4_000_000_000);
        c.rewrite(&mut first);
        assert_eq!((first.header.sequence_number, first.header.timestamp), (65_535, 4_000_000_000));
        let mut wrapped = packet(0, 4_000_003_000);
        c.rewrite(&mut wrapped);
        assert_eq!(wrapped.header.sequence_number, 0);

        c.new_source();
        let mut other = packet(12_345, 77);
        c.rewrite(&mut other);
        assert_eq!(other.header.sequence_number, 1);
        assert_eq!(other.header.timestamp, 4_000_006_000);
        let mut next = packet(12_346, 3_077);
        c.rewrite(&mut next);
        assert_eq!((next.header.sequence_number, next.header.timestamp), (2, 4_000_009_000));
    }
}
