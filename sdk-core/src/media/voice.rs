//! The phone's voice on its peer connection: one sendrecv Opus transceiver. Frames the
//! app pushes are encoded and sent without blocking the app; the relay's mix of the
//! technicians' voices is decoded and handed to the app's [`AudioDevice`] to play.

use std::sync::Arc;

use sightline_rtc::voice::{decode_track, opus_capability, opus_codec, VoiceEncoder, FRAME_DURATION, FRAME_SAMPLES};
use tokio::sync::mpsc;
use webrtc::media::Sample;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtp_transceiver::rtp_codec::RTPCodecType;
use webrtc::rtp_transceiver::rtp_transceiver_direction::RTCRtpTransceiverDirection;
use webrtc::rtp_transceiver::RTCRtpTransceiverInit;
use webrtc::track::track_local::track_local_static_sample::TrackLocalStaticSample;
use webrtc::track::track_local::TrackLocal;
use webrtc::track::track_remote::TrackRemote;

use crate::audio::{check_frame, AudioDevice};
use crate::{Error, Result};

/// Frames waiting for the encoder (100 ms); beyond this a pushed frame is dropped.
const QUEUE_FRAMES: usize = 5;

/// The voice transceiver of one peer connection.
pub(crate) struct VoiceLink {
    frames: mpsc::Sender<Vec<i16>>,
}

impl VoiceLink {
    /// Adds the voice transceiver to `pc` (before its offer is made) and starts its tasks.
    pub async fn attach(pc: &RTCPeerConnection, device: Arc<dyn AudioDevice>) -> Result<VoiceLink> {
        let encoder = VoiceEncoder::new().map_err(|err| Error::Voice(err.to_string()))?;
        let track = Arc::new(TrackLocalStaticSample::new(opus_capability(), "voice".into(), "sightline-voice".into()));
        let init = RTCRtpTransceiverInit { direction: RTCRtpTransceiverDirection::Sendrecv, send_encodings: vec![] };
        let transceiver = pc.add_transceiver_from_track(Arc::clone(&track) as Arc<dyn TrackLocal + Send + Sync>, Some(init)).await?;
        transceiver.set_codec_preferences(vec![opus_codec()]).await?;
        let sender = transceiver.sender().await;
        // The interceptors need the sender's RTCP read.
        tokio::spawn(async move { while sender.read_rtcp().await.is_ok() {} });
        let (frames, queued) = mpsc::channel(QUEUE_FRAMES);
        tokio::spawn(send(encoder, track, queued));
        pc.on_track(Box::new(move |track, _receiver, _transceiver| {
            if track.kind() == RTPCodecType::Audio {
                tokio::spawn(play(track, device.clone()));
            }
            Box::pin(async {})
        }));
        Ok(VoiceLink { frames })
    }

    /// Queues one captured frame for sending. Never blocks: while the encoder is behind,
    /// the frame is dropped (a gap is better than growing delay).
    pub fn push(&self, frame: Vec<i16>) -> Result<()> {
        check_frame(&frame)?;
        match self.frames.try_send(frame) {
            Ok(()) | Err(mpsc::error::TrySendError::Full(_)) => Ok(()),
            Err(mpsc::error::TrySendError::Closed(_)) => Err(Error::PublisherClosed),
        }
    }
}

/// Encodes and sends the pushed frames until the link is dropped.
async fn send(mut encoder: VoiceEncoder, track: Arc<TrackLocalStaticSample>, mut queued: mpsc::Receiver<Vec<i16>>) {
    while let Some(frame) = queued.recv().await {
        let packet = match encoder.encode(&frame) {
            Ok(packet) => packet,
            Err(err) => {
                tracing::warn!(%err, "a voice frame was not encoded");
                continue;
            }
        };
        let sample = Sample { data: packet.into(), duration: FRAME_DURATION, ..Default::default() };
        if let Err(err) = track.write_sample(&sample).await {
            tracing::trace!(%err, "a voice frame was not sent");
        }
    }
}

/// Decodes the relay's mix and plays it, frame by frame, until the track ends.
async fn play(track: Arc<TrackRemote>, device: Arc<dyn AudioDevice>) {
    decode_track(&track, |samples| {
        for frame in samples.chunks_exact(FRAME_SAMPLES) {
            device.play(frame.to_vec());
        }
        true
    })
    .await;
}
