//! A peer connection's outgoing video: one send-only track whose offer lists exactly
//! its codec, as the SDK's publisher and the benchmarks' publishers send it.

use std::sync::Arc;

use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtp_transceiver::rtp_codec::RTCRtpCodecParameters;
use webrtc::rtp_transceiver::rtp_transceiver_direction::RTCRtpTransceiverDirection;
use webrtc::rtp_transceiver::{RTCRtpTransceiver, RTCRtpTransceiverInit};
use webrtc::track::track_local::track_local_static_sample::TrackLocalStaticSample;
use webrtc::track::track_local::TrackLocal;

/// Adds a send-only video track of `codec` (from [`crate::video_codec`]) to `pc`, its
/// stream named `stream_id`; the offer lists that codec and no other.
pub async fn add_send_only_video(pc: &RTCPeerConnection, codec: RTCRtpCodecParameters, stream_id: &str) -> Result<(Arc<TrackLocalStaticSample>, Arc<RTCRtpTransceiver>), webrtc::Error> {
    let track = Arc::new(TrackLocalStaticSample::new(codec.capability.clone(), "video".into(), stream_id.into()));
    let transceiver = pc
        .add_transceiver_from_track(
            Arc::clone(&track) as Arc<dyn TrackLocal + Send + Sync>,
            Some(RTCRtpTransceiverInit { direction: RTCRtpTransceiverDirection::Sendonly, send_encodings: vec![] }),
        )
        .await?;
    transceiver.set_codec_preferences(vec![codec]).await?;
    Ok((track, transceiver))
}
