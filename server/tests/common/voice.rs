//! A technician that talks without a browser: it answers the relay's offers with a
//! webrtc-rs peer connection that sends a tone on its voice track and measures the
//! level of another tone in the mix it hears; every other message it keeps.

use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use parking_lot::Mutex;
use serde_json::Value;
use sightline_rtc::voice::{decode_track, opus_capability, VoiceEncoder, FRAME_DURATION};
use sightline_rtc::NetworkSettings;
use sightline_virtual_phone::tone::{level_at, tone_frame, ToneReading};
use sightline_wire::signal::{ClientMessage, ServerMessage};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use webrtc::media::Sample;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::peer_connection_state::RTCPeerConnectionState;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtp_transceiver::rtp_codec::RTPCodecType;
use webrtc::track::track_local::track_local_static_sample::TrackLocalStaticSample;
use webrtc::track::track_local::TrackLocal;

use super::live::Socket;

/// Decoded audio measured together: 240 ms, as the virtual phone does.
const WINDOW_SAMPLES: usize = 12 * sightline_rtc::voice::FRAME_SAMPLES;

pub struct Talker {
    /// The level of the listened-for tone in each 240 ms of the mix heard.
    pub heard: Arc<Mutex<Vec<ToneReading>>>,
    /// Every JSON message the relay sent besides the offers and candidates.
    pub messages: Arc<Mutex<Vec<Value>>>,
    outgoing: mpsc::UnboundedSender<ClientMessage>,
    task: JoinHandle<()>,
}

impl Drop for Talker {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Talker {
    /// Takes over `socket`: sends `speak_hz` (always, whatever its rights) and listens for `listen_hz`.
    pub fn start(socket: Socket, speak_hz: f32, listen_hz: f32) -> Talker {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let messages = Arc::new(Mutex::new(Vec::new()));
        let (outgoing, to_send) = mpsc::unbounded_channel();
        let task = tokio::spawn(run(socket, outgoing.clone(), to_send, heard.clone(), messages.clone(), speak_hz, listen_hz));
        Talker { heard, messages, outgoing, task }
    }

    pub fn send(&self, message: ClientMessage) {
        self.outgoing.send(message).expect("the talker runs");
    }

    /// Whether the last `count` readings all heard the tone (`true`) or all did not.
    pub fn hears(&self, count: usize) -> Option<bool> {
        last_readings(&self.heard.lock(), count)
    }
}

/// `Some(heard)` when the last `count` readings agree on it.
pub fn last_readings(readings: &[ToneReading], count: usize) -> Option<bool> {
    let last = readings.get(readings.len().checked_sub(count)?..)?;
    let heard = last.first()?.heard();
    last.iter().all(|r| r.heard() == heard).then_some(heard)
}

async fn run(
    socket: Socket,
    outgoing: mpsc::UnboundedSender<ClientMessage>,
    mut to_send: mpsc::UnboundedReceiver<ClientMessage>,
    heard: Arc<Mutex<Vec<ToneReading>>>,
    messages: Arc<Mutex<Vec<Value>>>,
    speak_hz: f32,
    listen_hz: f32,
) {
    let api = sightline_rtc::build_api(&NetworkSettings { loopback_only: true, ..NetworkSettings::default() }).expect("api");
    let (mut sink, mut stream) = socket.split();
    let mut pc: Option<Arc<RTCPeerConnection>> = None;
    loop {
        tokio::select! {
            message = to_send.recv() => {
                let Some(message) = message else { return };
                sink.send(Message::text(message.to_json())).await.expect("send");
            }
            frame = stream.next() => {
                let Some(Ok(Message::Text(text))) = frame else { return };
                match ServerMessage::parse(&text).expect("a server message") {
                    ServerMessage::Offer { sdp } => {
                        let fresh = Arc::new(api.new_peer_connection(RTCConfiguration::default()).await.expect("pc"));
                        answer(&fresh, sdp, &outgoing, heard.clone(), speak_hz, listen_hz).await;
                        if let Some(old) = pc.replace(fresh) {
                            let _ = old.close().await;
                        }
                    }
                    ServerMessage::Candidate { candidate } if !candidate.candidate.is_empty() => {
                        if let Some(pc) = &pc {
                            pc.add_ice_candidate(sightline_rtc::candidate_to_rtc(candidate)).await.expect("candidate");
                        }
                    }
                    _ => messages.lock().push(serde_json::from_str(text.as_str()).expect("JSON")),
                }
            }
        }
    }
}

async fn answer(pc: &Arc<RTCPeerConnection>, sdp: String, outgoing: &mpsc::UnboundedSender<ClientMessage>, heard: Arc<Mutex<Vec<ToneReading>>>, speak_hz: f32, listen_hz: f32) {
    let candidates = outgoing.clone();
    pc.on_ice_candidate(Box::new(move |candidate| {
        if let Some(candidate) = candidate.as_ref().and_then(|c| sightline_rtc::candidate_from_rtc(c).ok()) {
            let _ = candidates.send(ClientMessage::Candidate { candidate });
        }
        Box::pin(async {})
    }));
    pc.on_track(Box::new(move |track, _, _| {
        let heard = heard.clone();
        tokio::spawn(async move {
            if track.kind() != RTPCodecType::Audio {
                while track.read_rtp().await.is_ok() {}
                return;
            }
            let mut window = Vec::new();
            decode_track(&track, |samples| {
                window.extend_from_slice(samples);
                if window.len() >= WINDOW_SAMPLES {
                    heard.lock().push(ToneReading { hz: listen_hz, level_dbfs: level_at(&window, listen_hz) });
                    window.clear();
                }
                true
            })
            .await;
        });
        Box::pin(async {})
    }));
    pc.set_remote_description(RTCSessionDescription::offer(sdp).expect("offer")).await.expect("remote");
    // The relay's audio transceiver (sendrecv) gets this technician's microphone.
    let voice = Arc::new(TrackLocalStaticSample::new(opus_capability(), "voice".into(), "test-technician".into()));
    let transceiver = pc
        .get_transceivers()
        .await
        .into_iter()
        .find(|t| t.kind() == RTPCodecType::Audio)
        .expect("the offer has audio");
    transceiver.sender().await.replace_track(Some(Arc::clone(&voice) as Arc<dyn TrackLocal + Send + Sync>)).await.expect("track");
    transceiver.set_direction(webrtc::rtp_transceiver::rtp_transceiver_direction::RTCRtpTransceiverDirection::Sendrecv).await;
    let answer = pc.create_answer(None).await.expect("answer");
    pc.set_local_description(answer).await.expect("local");
    let sdp = pc.local_description().await.expect("described").sdp;
    outgoing.send(ClientMessage::Answer { sdp }).expect("the talker runs");
    tokio::spawn(speak(Arc::downgrade(pc), voice, speak_hz));
}

/// Sends a continuous tone at `hz`, 20 ms a frame, until the peer connection is gone.
async fn speak(pc: std::sync::Weak<RTCPeerConnection>, track: Arc<TrackLocalStaticSample>, hz: f32) {
    let mut encoder = VoiceEncoder::new().expect("encoder");
    let mut interval = tokio::time::interval(FRAME_DURATION);
    for index in 0.. {
        interval.tick().await;
        let open = pc.upgrade().is_some_and(|pc| pc.connection_state() != RTCPeerConnectionState::Closed);
        if !open {
            return;
        }
        let packet = encoder.encode(&tone_frame(hz, 0.3, index)).expect("encode");
        let sample = Sample { data: packet.into(), duration: FRAME_DURATION, ..Default::default() };
        if let Err(err) = track.write_sample(&sample).await {
            tracing::debug!(%err, "a test voice frame was not sent");
        }
    }
}
