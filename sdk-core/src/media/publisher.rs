//! The publisher: one WebRTC peer connection that sends the phone's camera as one video
//! track to the server's relay, and optionally the phone's voice both ways.
//!
//! Signaling is the caller's: [`Publisher::create_offer`] gives the SDP offer to send,
//! [`Publisher::accept_answer`] takes the relay's answer, local ICE candidates trickle
//! out as [`PublisherEvent::LocalCandidate`] and remote ones go in through
//! [`Publisher::add_remote_candidate`]. Frames go in through [`Publisher::push`], which
//! never blocks.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Instant;

use tokio::runtime::Handle;
use tokio::sync::mpsc;
pub use sightline_wire::signal::{IceCandidate, IceServer};
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::peer_connection_state::RTCPeerConnectionState;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtcp::payload_feedbacks::full_intra_request::FullIntraRequest;
use webrtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;
use webrtc::rtcp::receiver_report::ReceiverReport;
use webrtc::rtcp::transport_feedbacks::transport_layer_nack::TransportLayerNack;
use webrtc::rtp_transceiver::rtp_sender::RTCRtpSender;

use sightline_rtc::JOIN_TRACE;

use super::adapt::{LossReport, RateController};
use super::encoder::EncoderConfig;
use super::holdback::Holdback;
use super::engine::{self, NetworkPolicy};
use super::pump::{self, PumpShared};
use super::sample::{MediaInput, VideoCodec};
use super::stats::PublisherStats;
use super::voice::VoiceLink;
use crate::audio::AudioDevice;
use crate::{Error, Result};

/// How to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PublisherConfig {
    /// The track's codec: VP8 for raw frames (encoded here) or pushed VP8 samples,
    /// H.264 for samples from a hardware encoder.
    pub codec: VideoCodec,
    pub encoder: EncoderConfig,
    pub network: NetworkPolicy,
    /// STUN/TURN servers; must be empty with [`NetworkPolicy::LoopbackOnly`].
    pub ice_servers: Vec<IceServer>,
    /// Frames waiting for the encoder; beyond this the oldest is dropped.
    pub queue_capacity: usize,
    /// While held, nothing is encoded or sent: a session shares one across its publishers.
    pub holdback: Arc<Holdback>,
}

impl Default for PublisherConfig {
    fn default() -> Self {
        PublisherConfig {
            codec: VideoCodec::Vp8,
            encoder: EncoderConfig::default(),
            network: NetworkPolicy::Any,
            ice_servers: Vec::new(),
            queue_capacity: 3,
            holdback: Arc::default(),
        }
    }
}

/// The peer connection's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnectionState {
    New,
    Connecting,
    Connected,
    Disconnected,
    Failed,
    Closed,
}

/// What the publisher reports to the session layer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublisherEvent {
    /// A local candidate to send to the remote peer.
    LocalCandidate(IceCandidate),
    /// Local candidate gathering finished.
    CandidatesComplete,
    ConnectionState(ConnectionState),
    /// A viewer lost the picture (PLI/FIR), pushed samples were dropped, or the media
    /// connection (re)connected. Raw frames are handled inside (the next one is encoded
    /// as a key frame); an app pushing pre-encoded samples must make its encoder emit a
    /// key frame (IDR) now.
    KeyframeRequested,
}

/// A live video publisher on one peer connection.
pub struct Publisher {
    pc: Arc<RTCPeerConnection>,
    shared: Arc<PumpShared>,
    codec: VideoCodec,
    network: NetworkPolicy,
    events: mpsc::UnboundedSender<PublisherEvent>,
    runtime: Handle,
    voice: Option<VoiceLink>,
}

impl Publisher {
    /// Creates the peer connection and its video track, and starts the pump. Must be
    /// called within a tokio runtime, which then runs the publisher's tasks.
    pub async fn new(config: PublisherConfig) -> Result<(Publisher, mpsc::UnboundedReceiver<PublisherEvent>)> {
        Publisher::with_voice(config, None).await
    }

    /// Like [`Publisher::new`], and with a `voice` device the connection also carries the
    /// phone's voice both ways: pushed frames out, the technicians' voices to `play`.
    pub async fn with_voice(
        config: PublisherConfig,
        voice: Option<Arc<dyn AudioDevice>>,
    ) -> Result<(Publisher, mpsc::UnboundedReceiver<PublisherEvent>)> {
        if config.network == NetworkPolicy::LoopbackOnly && !config.ice_servers.is_empty() {
            return Err(Error::InvalidConfig("loopback-only ICE takes no STUN/TURN servers".into()));
        }
        let api = engine::api(config.network)?;
        let ice_servers = sightline_rtc::ice_servers_to_rtc(&config.ice_servers);
        let pc = Arc::new(api.new_peer_connection(RTCConfiguration { ice_servers, ..Default::default() }).await?);
        let (events, receiver) = mpsc::unbounded_channel();
        let bitrate_kbps = config.encoder.bitrate_kbps;
        let shared = Arc::new(PumpShared::new(config.queue_capacity, Arc::clone(&config.holdback), bitrate_kbps));
        watch_connection(&pc, &events, Arc::downgrade(&shared));
        sightline_rtc::trace_ice_states(&pc, "phone", "publisher");

        let codec = sightline_rtc::video_codec(config.codec.mime_type())
            .ok_or_else(|| Error::InvalidConfig(format!("{:?} is not set up for WebRTC", config.codec)))?;
        let (track, transceiver) = sightline_rtc::add_send_only_video(&pc, codec, "sightline-camera").await?;
        let controller = RateController::new(bitrate_kbps);
        tokio::spawn(read_feedback(transceiver.sender().await, controller, events.clone(), Arc::downgrade(&shared)));
        let voice = match voice {
            Some(device) => Some(VoiceLink::attach(&pc, device).await?),
            None => None,
        };
        let runtime = Handle::current();
        pump::spawn(Arc::clone(&shared), track, config.encoder, runtime.clone())?;
        let publisher = Publisher { pc, shared, codec: config.codec, network: config.network, events, runtime, voice };
        Ok((publisher, receiver))
    }

    /// Creates the SDP offer, applies it locally (candidates start to trickle) and
    /// returns it for the remote peer.
    pub async fn create_offer(&self) -> Result<String> {
        let offer = self.pc.create_offer(None).await?;
        let sdp = offer.sdp.clone();
        self.pc.set_local_description(offer).await?;
        Ok(sdp)
    }

    /// Applies the remote peer's SDP answer.
    pub async fn accept_answer(&self, sdp: String) -> Result<()> {
        self.pc.set_remote_description(RTCSessionDescription::answer(sdp)?).await?;
        Ok(())
    }

    /// Adds a candidate trickled by the remote peer. With [`NetworkPolicy::LoopbackOnly`]
    /// a candidate off 127.0.0.1 is refused, so no traffic leaves the machine.
    pub async fn add_remote_candidate(&self, candidate: IceCandidate) -> Result<()> {
        if self.network == NetworkPolicy::LoopbackOnly {
            if !sightline_rtc::is_loopback_candidate(&candidate) {
                return Err(Error::InvalidConfig(format!(
                    "remote candidate {:?} is off 127.0.0.1 and ICE is loopback-only",
                    candidate.candidate
                )));
            }
        }
        self.pc.add_ice_candidate(sightline_rtc::candidate_to_rtc(candidate)).await?;
        Ok(())
    }

    /// Hands a frame or an encoded sample to the pump. Never blocks: when the encoder
    /// is behind, the oldest waiting frame is dropped.
    pub fn push(&self, input: MediaInput) -> Result<()> {
        match (&input, self.codec) {
            (MediaInput::Raw(frame), VideoCodec::Vp8) => {
                frame.layout()?;
            }
            (MediaInput::Raw(_), VideoCodec::H264) => {
                return Err(Error::UnsupportedInput("raw frames need a VP8 publisher; H.264 takes encoded samples".into()));
            }
            (MediaInput::Encoded(sample), codec) => sample.check_for(codec)?,
        }
        if let Some(dropped) = self.shared.queue.push(input)? {
            self.shared.stats.frame_dropped();
            if matches!(dropped, MediaInput::Encoded(_)) {
                // The app's bitstream now has a hole; only a key frame repairs it.
                // A send error means nobody listens any more: nothing to tell.
                let _ = self.events.send(PublisherEvent::KeyframeRequested);
            }
        }
        Ok(())
    }

    /// Hands one captured audio frame (20 ms, 48 kHz mono) to the voice track. Never blocks.
    pub fn push_audio(&self, frame: Vec<i16>) -> Result<()> {
        self.voice.as_ref().ok_or(Error::AudioNotEnabled)?.push(frame)
    }

    /// Makes the next encoded raw frame a key frame.
    pub fn request_keyframe(&self) {
        self.shared.keyframe_requested.store(true, Ordering::Release);
    }

    /// Live statistics.
    pub fn stats(&self) -> PublisherStats {
        let mut stats = self.shared.stats.snapshot(Instant::now());
        stats.target_bitrate_bps = u64::from(self.shared.target_kbps.load(Ordering::Acquire)) * 1000;
        stats
    }

    /// Stops the pump and closes the peer connection.
    pub async fn close(&self) -> Result<()> {
        self.shared.queue.close();
        self.pc.close().await?;
        Ok(())
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        self.shared.queue.close();
        let pc = Arc::clone(&self.pc);
        self.runtime.spawn(async move {
            if let Err(error) = pc.close().await {
                tracing::debug!(%error, "closing a dropped publisher's peer connection");
            }
        });
    }
}

/// Reports candidates and connection states; asks for a key frame on (re)connection so
/// the viewer's first picture comes at once (from the app's encoder too: the samples it
/// pushed before were not sent).
fn watch_connection(pc: &RTCPeerConnection, events: &mpsc::UnboundedSender<PublisherEvent>, shared: Weak<PumpShared>) {
    let candidates = events.clone();
    pc.on_ice_candidate(Box::new(move |candidate| {
        let event = match candidate.as_ref().map(sightline_rtc::candidate_from_rtc) {
            Some(Ok(candidate)) => Some(PublisherEvent::LocalCandidate(candidate)),
            Some(Err(error)) => {
                tracing::warn!(%error, "local candidate not serialisable");
                None
            }
            None => Some(PublisherEvent::CandidatesComplete),
        };
        if let Some(event) = event {
            let _ = candidates.send(event);
        }
        Box::pin(async {})
    }));
    let states = events.clone();
    pc.on_peer_connection_state_change(Box::new(move |state| {
        let state = match state {
            RTCPeerConnectionState::Unspecified | RTCPeerConnectionState::New => ConnectionState::New,
            RTCPeerConnectionState::Connecting => ConnectionState::Connecting,
            RTCPeerConnectionState::Connected => ConnectionState::Connected,
            RTCPeerConnectionState::Disconnected => ConnectionState::Disconnected,
            RTCPeerConnectionState::Failed => ConnectionState::Failed,
            RTCPeerConnectionState::Closed => ConnectionState::Closed,
        };
        tracing::debug!(target: JOIN_TRACE, peer = "phone", step = %format!("pc_{state:?}").to_lowercase(), "peer connection {state:?}");
        let _ = states.send(PublisherEvent::ConnectionState(state));
        if state == ConnectionState::Connected {
            if let Some(shared) = shared.upgrade() {
                shared.keyframe_requested.store(true, Ordering::Release);
            }
            let _ = states.send(PublisherEvent::KeyframeRequested);
        }
        Box::pin(async {})
    }));
}

/// Drains the sender's RTCP (the interceptors need it read: the NACK responder answers
/// from its history there), counts the packets asked for again, turns PLI/FIR into key
/// frame requests and the relay's receiver reports on the video, with the bitrate sent
/// lately, into the encoder's target bitrate. Ends when the sender stops.
async fn read_feedback(
    sender: Arc<RTCRtpSender>,
    mut controller: RateController,
    events: mpsc::UnboundedSender<PublisherEvent>,
    shared: Weak<PumpShared>,
) {
    let ssrc = sender.get_parameters().await.encodings.first().map(|encoding| encoding.ssrc);
    while let Ok((packets, _)) = sender.read_rtcp().await {
        let Some(shared) = shared.upgrade() else { return };
        let nacked: usize = packets
            .iter()
            .filter_map(|packet| packet.as_any().downcast_ref::<TransportLayerNack>())
            .flat_map(|nack| nack.nacks.iter())
            .map(|pair| pair.packet_list().len())
            .sum();
        if nacked > 0 {
            shared.stats.packets_nacked(nacked as u64);
        }
        let wants_keyframe = packets.iter().any(|packet| {
            let any = packet.as_any();
            any.is::<PictureLossIndication>() || any.is::<FullIntraRequest>()
        });
        if wants_keyframe {
            shared.keyframe_requested.store(true, Ordering::Release);
            let _ = events.send(PublisherEvent::KeyframeRequested);
        }
        let reports = packets
            .iter()
            .filter_map(|packet| packet.as_any().downcast_ref::<ReceiverReport>())
            .flat_map(|report| report.reports.iter())
            .filter(|report| Some(report.ssrc) == ssrc);
        for report in reports {
            let loss = LossReport { fraction_lost: report.fraction_lost, highest_sequence: report.last_sequence_number };
            let now = Instant::now();
            let target_kbps = controller.on_report(loss, shared.stats.snapshot(now).bitrate_bps, now);
            shared.target_kbps.store(target_kbps, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::EncodedSample;
    use crate::scan::Error as ScanError;
    use crate::{PixelFormat, VideoFrame};

    fn loopback(codec: VideoCodec) -> PublisherConfig {
        PublisherConfig { codec, network: NetworkPolicy::LoopbackOnly, ..PublisherConfig::default() }
    }

    fn h264_sample(keyframe: bool) -> MediaInput {
        MediaInput::Encoded(EncodedSample { codec: VideoCodec::H264, data: vec![0, 0, 0, 1, 0x65, 0x88], keyframe, timestamp_us: 0 })
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pushes_that_cannot_be_sent_are_refused_with_reasons() {
        let (h264, _events) = Publisher::new(loopback(VideoCodec::H264)).await.expect("publisher");
        let frame = VideoFrame::packed(PixelFormat::I420, 2, 2, vec![0; 6], 0).expect("frame");
        assert!(matches!(h264.push(MediaInput::Raw(frame)), Err(Error::UnsupportedInput(_))));
        let vp8_sample = EncodedSample { codec: VideoCodec::Vp8, data: vec![1], keyframe: true, timestamp_us: 0 };
        assert!(matches!(h264.push(MediaInput::Encoded(vp8_sample)), Err(Error::UnsupportedInput(_))));
        h264.push(h264_sample(true)).expect("H.264 sample on an H.264 track");

        let (vp8, _events) = Publisher::new(loopback(VideoCodec::Vp8)).await.expect("publisher");
        let broken = VideoFrame { format: PixelFormat::Nv12, width: 4, height: 4, strides: vec![4, 4], data: vec![0; 3], timestamp_us: 0 };
        assert!(matches!(vp8.push(MediaInput::Raw(broken)), Err(Error::Scan(ScanError::InvalidFrame(_)))));
        vp8.close().await.expect("close");
        let late = VideoFrame::packed(PixelFormat::I420, 2, 2, vec![0; 6], 0).expect("frame");
        assert!(matches!(vp8.push(MediaInput::Raw(late)), Err(Error::PublisherClosed)));
    }

    struct Silent;

    impl AudioDevice for Silent {
        fn start_capture(&self) -> Result<()> {
            Ok(())
        }
        fn stop_capture(&self) -> Result<()> {
            Ok(())
        }
        fn play(&self, _frame: Vec<i16>) {}
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn voice_is_offered_both_ways_only_when_enabled_and_takes_only_20_ms_frames() {
        let (video_only, _events) = Publisher::new(loopback(VideoCodec::Vp8)).await.expect("publisher");
        assert!(!video_only.create_offer().await.expect("offer").contains("m=audio"));
        assert!(matches!(video_only.push_audio(vec![0; 960]), Err(Error::AudioNotEnabled)));

        let (talking, _events) = Publisher::with_voice(loopback(VideoCodec::Vp8), Some(Arc::new(Silent))).await.expect("publisher");
        let offer = talking.create_offer().await.expect("offer");
        let audio = &offer[offer.find("m=audio").expect("an audio section")..];
        assert!(audio.contains("opus/48000/2") && audio.contains("a=sendrecv"), "{offer}");
        assert!(matches!(talking.push_audio(vec![0; 100]), Err(Error::InvalidAudioFrame { samples: 100, expected: 960 })));
        talking.push_audio(vec![0; 960]).expect("a 20 ms frame");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn loopback_policy_refuses_stun_servers_and_foreign_candidates() {
        let mut config = loopback(VideoCodec::Vp8);
        config.ice_servers = vec![IceServer { urls: vec!["stun:127.0.0.1:3478".into()], username: None, credential: None }];
        assert!(matches!(Publisher::new(config).await, Err(Error::InvalidConfig(_))));

        let (publisher, _events) = Publisher::new(loopback(VideoCodec::Vp8)).await.expect("publisher");
        publisher.create_offer().await.expect("offer");
        let foreign = IceCandidate {
            candidate: "candidate:1 1 udp 2130706431 192.0.2.7 50000 typ host".into(),
            sdp_mid: Some("0".into()),
            sdp_mline_index: Some(0),
            username_fragment: None,
        };
        assert!(matches!(publisher.add_remote_candidate(foreign).await, Err(Error::InvalidConfig(_))));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn offer_carries_the_track_codec_and_only_loopback_candidates_trickle() {
        let (publisher, mut events) = Publisher::new(loopback(VideoCodec::H264)).await.expect("publisher");
        let offer = publisher.create_offer().await.expect("offer");
        assert!(offer.contains("a=sendonly") && offer.contains("H264/90000"), "{offer}");
        assert!(offer.contains("profile-level-id=42e01f") && offer.contains("packetization-mode=1"), "{offer}");
        assert!(!offer.contains("VP8"), "only the track's codec is offered: {offer}");
        let mut candidates = Vec::new();
        while let Some(event) = events.recv().await {
            match event {
                PublisherEvent::LocalCandidate(candidate) => candidates.push(candidate.candidate),
                PublisherEvent::CandidatesComplete => break,
                _ => {}
            }
        }
        assert!(!candidates.is_empty());
        assert!(candidates.iter().all(|c| c.contains(" 127.0.0.1 ") && c.contains("typ host")), "{candidates:?}");
    }
}
