//! The voice channel's format, shared by the phone and the relay: Opus (libopus through
//! the `opus` crate) at 48 kHz, mono, in 20 ms frames, with in-band FEC; and how loud a
//! frame is, by which "speaking" is decided.

use std::time::Duration;

use webrtc::api::media_engine::MIME_TYPE_OPUS;
use webrtc::rtp_transceiver::rtp_codec::{RTCRtpCodecCapability, RTCRtpCodecParameters};
use webrtc::track::track_remote::TrackRemote;

use crate::Error;

/// Samples per second of every voice frame.
pub const SAMPLE_RATE: u32 = 48_000;
/// One frame's length.
pub const FRAME_DURATION: Duration = Duration::from_millis(20);
/// Samples in one (mono) frame.
pub const FRAME_SAMPLES: usize = (SAMPLE_RATE as usize) / 50;
/// The largest Opus packet a frame encodes to (RFC 6716 allows 1275 bytes per frame).
const MAX_PACKET: usize = 1275;
/// Payload type as Chromium numbers Opus.
pub const OPUS_PAYLOAD_TYPE: u8 = 111;
/// A frame at least this loud (RMS, in dBFS) is speech rather than room noise.
pub const SPEAKING_DBFS: f32 = -45.0;

/// The Opus capability as registered here (tracks must match it). SDP declares Opus
/// with two channels always (RFC 7587); the frames are mono.
pub fn opus_capability() -> RTCRtpCodecCapability {
    RTCRtpCodecCapability {
        mime_type: MIME_TYPE_OPUS.into(),
        clock_rate: SAMPLE_RATE,
        channels: 2,
        sdp_fmtp_line: "minptime=10;useinbandfec=1".into(),
        rtcp_feedback: vec![],
    }
}

/// Opus as registered here, with its payload type.
pub fn opus_codec() -> RTCRtpCodecParameters {
    RTCRtpCodecParameters { capability: opus_capability(), payload_type: OPUS_PAYLOAD_TYPE, ..Default::default() }
}

/// Encodes 20 ms mono frames for a voice track.
pub struct VoiceEncoder(opus::Encoder);

impl VoiceEncoder {
    pub fn new() -> Result<VoiceEncoder, Error> {
        let mut encoder = opus::Encoder::new(SAMPLE_RATE, opus::Channels::Mono, opus::Application::Voip)?;
        encoder.set_inband_fec(true)?;
        encoder.set_packet_loss_perc(5)?;
        Ok(VoiceEncoder(encoder))
    }

    /// One frame of exactly [`FRAME_SAMPLES`] samples to one Opus packet.
    pub fn encode(&mut self, frame: &[i16]) -> Result<Vec<u8>, Error> {
        if frame.len() != FRAME_SAMPLES {
            return Err(Error::VoiceFrame(frame.len()));
        }
        Ok(self.0.encode_vec(frame, MAX_PACKET)?)
    }
}

/// Decodes the Opus packets of a voice track into mono samples.
pub struct VoiceDecoder(opus::Decoder);

impl VoiceDecoder {
    pub fn new() -> Result<VoiceDecoder, Error> {
        Ok(VoiceDecoder(opus::Decoder::new(SAMPLE_RATE, opus::Channels::Mono)?))
    }

    /// One packet (up to 120 ms of audio) to its samples. A packet that is not Opus is
    /// an error, and the decoder stays usable for the next one.
    pub fn decode(&mut self, packet: &[u8]) -> Result<Vec<i16>, Error> {
        let mut samples = vec![0; FRAME_SAMPLES * 6];
        let decoded = self.0.decode(packet, &mut samples, false)?;
        samples.truncate(decoded);
        Ok(samples)
    }
}

/// Decodes a voice track's packets as they arrive and hands each packet's samples to
/// `heard` until the track ends or `heard` returns false. Packets that are not Opus are
/// skipped; without a decoder the track is still read (so its buffers never fill).
pub async fn decode_track(track: &TrackRemote, mut heard: impl FnMut(&[i16]) -> bool) {
    let mut decoder = match VoiceDecoder::new() {
        Ok(decoder) => Some(decoder),
        Err(err) => {
            tracing::error!(%err, "no Opus decoder: a voice is not heard");
            None
        }
    };
    while let Ok((packet, _)) = track.read_rtp().await {
        let Some(decoder) = decoder.as_mut() else { continue };
        if packet.payload.is_empty() {
            continue;
        }
        match decoder.decode(&packet.payload) {
            Ok(samples) => {
                if !heard(&samples) {
                    return;
                }
            }
            Err(err) => tracing::debug!(%err, "a voice packet was not Opus"),
        }
    }
}

/// The frame's loudness: RMS relative to full scale, in dB (silence is -inf).
pub fn dbfs(frame: &[i16]) -> f32 {
    if frame.is_empty() {
        return f32::NEG_INFINITY;
    }
    let energy: f64 = frame.iter().map(|&s| f64::from(s) * f64::from(s)).sum::<f64>() / frame.len() as f64;
    (10.0 * (energy / (f64::from(i16::MAX) * f64::from(i16::MAX))).log10()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(frequency: f32, amplitude: f32, index: usize) -> Vec<i16> {
        (0..FRAME_SAMPLES)
            .map(|i| {
                let t = (index * FRAME_SAMPLES + i) as f32 / SAMPLE_RATE as f32;
                (amplitude * f32::from(i16::MAX) * (2.0 * std::f32::consts::PI * frequency * t).sin()) as i16
            })
            .collect()
    }

    #[test]
    fn a_tone_survives_opus_and_keeps_its_loudness() {
        let mut encoder = VoiceEncoder::new().expect("encoder");
        let mut decoder = VoiceDecoder::new().expect("decoder");
        let mut last = Vec::new();
        for index in 0..10 {
            let packet = encoder.encode(&tone(440.0, 0.5, index)).expect("encode");
            assert!(!packet.is_empty() && packet.len() <= MAX_PACKET);
            last = decoder.decode(&packet).expect("decode");
            assert_eq!(last.len(), FRAME_SAMPLES);
        }
        // A sine of amplitude 0.5 has an RMS of 0.354: -9 dBFS.
        assert!((dbfs(&last) + 9.0).abs() < 2.0, "{}", dbfs(&last));
        assert!(dbfs(&last) > SPEAKING_DBFS);
        assert!(dbfs(&vec![0; FRAME_SAMPLES]) < SPEAKING_DBFS);
    }

    #[test]
    fn frames_of_the_wrong_size_and_packets_that_are_not_opus_are_refused() {
        let mut encoder = VoiceEncoder::new().expect("encoder");
        assert!(matches!(encoder.encode(&[0; 100]), Err(Error::VoiceFrame(100))));
        let mut decoder = VoiceDecoder::new().expect("decoder");
        assert!(matches!(decoder.decode(&[0xff; 3]), Err(Error::Opus(_))));
        let packet = encoder.encode(&tone(440.0, 0.5, 0)).expect("encode");
        assert_eq!(decoder.decode(&packet).expect("still decodes").len(), FRAME_SAMPLES);
    }
}
