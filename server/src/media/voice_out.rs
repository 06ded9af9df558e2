//! One listener's outgoing voice: its mix, encoded with Opus, as an RTP stream of its own,
//! with silence suppressed.
//!
//! A mix that is digital silence is neither encoded nor sent. Opus DTX would still run the
//! encoder on every frame (that is the cost of a silent listener), so the relay does what
//! RTP allows for audio (RFC 3551 §4.1) and what WebRTC endpoints and SFUs do with DTX'd
//! voice: nothing goes out in silence; the next packet's timestamp has moved on by the
//! frames not sent while its sequence number follows on, and its marker bit starts the
//! talkspurt, so the receiver's jitter buffer (NetEq in browsers) places it in time and
//! plays silence across the gap. Each talkspurt ends with [`HANGOVER_FRAMES`] encoded
//! silent frames, so the decoder plays the encoder's last samples and settles on silence
//! rather than concealing a loss. A listener that never hears anyone has no encoder.

use std::sync::Arc;

use parking_lot::Mutex;
use sightline_rtc::voice::{opus_capability, VoiceEncoder, FRAME_SAMPLES, OPUS_PAYLOAD_TYPE};
use webrtc::rtp::header::Header;
use webrtc::rtp::packet::Packet;
use webrtc::track::track_local::track_local_static_rtp::TrackLocalStaticRTP;
use webrtc::track::track_local::TrackLocalWriter;

/// Silent frames encoded after a talkspurt (200 ms, as long as Opus waits before DTX).
const HANGOVER_FRAMES: u32 = 10;
/// One frame of digital silence.
const SILENCE: [i16; FRAME_SAMPLES] = [0; FRAME_SAMPLES];

pub struct VoiceOut {
    track: Arc<TrackLocalStaticRTP>,
    stream: Mutex<Stream>,
}

/// Where the RTP stream stands.
struct Stream {
    /// Created with the first frame heard.
    encoder: Option<VoiceEncoder>,
    sequence: u16,
    timestamp: u32,
    /// The mix tick of the last packet sent (`None`: none yet).
    last_tick: Option<u64>,
    /// Silent frames still to send before the stream goes quiet.
    hangover: u32,
}

impl VoiceOut {
    pub fn new(participant: &str) -> VoiceOut {
        let track = TrackLocalStaticRTP::new(opus_capability(), "voice".into(), format!("sightline-voice-{participant}"));
        // RFC 3550 §5.1: random initial sequence number and timestamp.
        let stream = Stream { encoder: None, sequence: rand::random(), timestamp: rand::random(), last_tick: None, hangover: 0 };
        VoiceOut { track: Arc::new(track), stream: Mutex::new(stream) }
    }

    pub fn track(&self) -> Arc<TrackLocalStaticRTP> {
        self.track.clone()
    }

    /// Sends mix tick `tick`'s frame: the listener's mix, or `None` while it is silent
    /// (encoded only during the hangover). Returns whether the hangover still runs, so
    /// the caller calls again next tick even if the mix is silent.
    pub async fn send(&self, tick: u64, mix: Option<&[i16]>) -> Result<bool, sightline_rtc::Error> {
        let (packet, hangover) = {
            let mut stream = self.stream.lock();
            if mix.is_some() {
                stream.hangover = HANGOVER_FRAMES;
            } else if stream.hangover == 0 {
                return Ok(false);
            } else {
                stream.hangover -= 1;
            }
            let encoder = match &mut stream.encoder {
                Some(encoder) => encoder,
                None => stream.encoder.insert(VoiceEncoder::new()?),
            };
            let payload = encoder.encode(mix.unwrap_or(&SILENCE))?;
            let frames_since = stream.last_tick.map_or(1, |last| tick.saturating_sub(last).max(1));
            stream.sequence = stream.sequence.wrapping_add(1);
            stream.timestamp = stream.timestamp.wrapping_add(FRAME_SAMPLES as u32 * frames_since as u32);
            let header = Header {
                version: 2,
                marker: frames_since > 1 || stream.last_tick.is_none(),
                payload_type: OPUS_PAYLOAD_TYPE,
                sequence_number: stream.sequence,
                timestamp: stream.timestamp,
                ..Default::default()
            };
            stream.last_tick = Some(tick);
            (Packet { header, payload: payload.into() }, stream.hangover > 0)
        };
        if let Err(err) = self.track.write_rtp(&packet).await {
            tracing::trace!(%err, "a listener missed a voice frame");
        }
        Ok(hangover)
    }
}
