//! The steps of a join as debug-level tracing events under one target, [`JOIN_TRACE`], so
//! the time from a phone's join to the first frame a technician sees can be taken apart
//! (signaling, ICE, DTLS, the first key frame, its forwarding). Every event names its
//! `step`, and the SDK's and the relay's name their `peer` ("phone" or "viewer").
//! `SIGHTLINE_LOG=sightline_join=debug` on the server shows them.

use webrtc::api::media_engine::MIME_TYPE_H264;
use webrtc::ice_transport::ice_connection_state::RTCIceConnectionState;
use webrtc::peer_connection::RTCPeerConnection;

/// The tracing target of every join step.
pub const JOIN_TRACE: &str = "sightline_join";

/// Traces the ICE connection states of `pc` (`checking`, `connected`, …); `peer` says
/// which connection it is, `id` whose (a session or a participant).
pub fn trace_ice_states(pc: &RTCPeerConnection, peer: &'static str, id: &str) {
    let id = id.to_owned();
    pc.on_ice_connection_state_change(Box::new(move |state: RTCIceConnectionState| {
        tracing::debug!(target: JOIN_TRACE, peer, id = %id, step = %format!("ice_{state}"), "ICE {state}");
        Box::pin(async {})
    }));
}

/// Whether an RTP payload of `mime_type` (VP8 or H.264) starts a key frame: a VP8
/// partition head of an intra frame, or an H.264 IDR or SPS (alone, aggregated or the
/// first fragment). Anything it cannot read is not a key frame.
pub fn starts_key_frame(mime_type: &str, payload: &[u8]) -> bool {
    if mime_type.eq_ignore_ascii_case(MIME_TYPE_H264) {
        h264_starts_key_frame(payload)
    } else {
        vp8_starts_key_frame(payload)
    }
}

/// RFC 7741: the payload descriptor (S set, partition 0), then the VP8 header whose
/// lowest bit is 0 for a key frame.
fn vp8_starts_key_frame(payload: &[u8]) -> bool {
    let Some(&first) = payload.first() else { return false };
    let (extended, start, partition) = (first & 0x80 != 0, first & 0x10 != 0, first & 0x07);
    if !start || partition != 0 {
        return false;
    }
    let mut at = 1;
    if extended {
        let Some(&flags) = payload.get(1) else { return false };
        at = 2;
        if flags & 0x80 != 0 {
            // Picture id: one byte, or two when its top bit is set.
            let Some(&id) = payload.get(at) else { return false };
            at += if id & 0x80 != 0 { 2 } else { 1 };
        }
        if flags & 0x40 != 0 {
            at += 1;
        }
        if flags & 0x30 != 0 {
            at += 1;
        }
    }
    payload.get(at).is_some_and(|header| header & 0x01 == 0)
}

/// RFC 6184: NAL types 5 (IDR) and 7 (SPS), alone, in a STAP-A (24) or starting an FU-A (28).
fn h264_starts_key_frame(payload: &[u8]) -> bool {
    let is_key = |nal_type: u8| nal_type == 5 || nal_type == 7;
    let Some(&header) = payload.first() else { return false };
    match header & 0x1f {
        24 => {
            let mut at = 1;
            while let (Some(&high), Some(&low)) = (payload.get(at), payload.get(at + 1)) {
                let size = usize::from(u16::from_be_bytes([high, low]));
                match payload.get(at + 2) {
                    Some(&nal) if is_key(nal & 0x1f) => return true,
                    Some(_) => at += 2 + size,
                    None => return false,
                }
            }
            false
        }
        28 => payload.get(1).is_some_and(|fu| fu & 0x80 != 0 && is_key(fu & 0x1f)),
        nal_type => is_key(nal_type),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vp8_key_frames_are_told_from_delta_frames_and_continuations() {
        // Descriptor with S, partition 0; then the VP8 header (bit 0: 0 = key frame).
        assert!(starts_key_frame("video/VP8", &[0x10, 0x00]));
        assert!(!starts_key_frame("video/VP8", &[0x10, 0x01]), "a delta frame");
        assert!(!starts_key_frame("video/VP8", &[0x00, 0x00]), "not the partition's head");
        // Extended: picture id of two bytes (M set), then the header.
        assert!(starts_key_frame("video/VP8", &[0x90, 0x80, 0x81, 0x23, 0x00]));
        assert!(!starts_key_frame("video/VP8", &[0x90, 0x80, 0x81, 0x23, 0x01]));
        assert!(!starts_key_frame("video/VP8", &[0x90, 0x80]), "cut short");
        assert!(!starts_key_frame("video/VP8", &[]));
    }

    #[test]
    fn h264_idr_and_sps_start_key_frames_alone_aggregated_or_fragmented() {
        assert!(starts_key_frame("video/H264", &[0x65, 0x88]), "an IDR slice");
        assert!(starts_key_frame("video/H264", &[0x67, 0x42]), "an SPS");
        assert!(!starts_key_frame("video/H264", &[0x41, 0x9a]), "a non-IDR slice");
        // STAP-A: an SEI (type 6, 2 bytes), then an SPS.
        assert!(starts_key_frame("video/H264", &[0x78, 0x00, 0x02, 0x06, 0x00, 0x00, 0x02, 0x67, 0x42]));
        assert!(!starts_key_frame("video/H264", &[0x78, 0x00, 0x02, 0x06, 0x00]));
        // FU-A: the start of an IDR, and its continuation.
        assert!(starts_key_frame("video/H264", &[0x7c, 0x85, 0x00]));
        assert!(!starts_key_frame("video/H264", &[0x7c, 0x05, 0x00]));
    }
}
