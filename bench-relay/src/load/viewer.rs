//! A technician that watches without a browser: the live connection's signaling and a
//! webrtc-rs peer connection that answers the relay's offer and counts what arrives.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use futures_util::{SinkExt, StreamExt};
use sightline_wire::signal::{ClientMessage, ServerMessage};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::handshake::client::Request;
use tokio_tungstenite::tungstenite::Message;
use webrtc::api::API;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::peer_connection_state::RTCPeerConnectionState;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtp_transceiver::rtp_codec::RTPCodecType;
use webrtc::track::track_remote::TrackRemote;

use super::faults::Faults;
use crate::error::{Error, Result};

/// What one viewer received.
#[derive(Debug, Default)]
pub struct Received {
    pub packets: AtomicU64,
    pub bytes: AtomicU64,
    /// Packets with the RTP marker bit: the last packet of each video frame.
    pub frames: AtomicU64,
    /// Video packets the sequence numbers say were sent: the first one and every step
    /// forward (a late or retransmitted packet fills a gap without adding to it).
    pub expected: AtomicU64,
    /// Packets of the voice channel's mix (not in the counts above).
    pub voice_packets: AtomicU64,
    /// Each whole video frame's transit in ms: when its last packet arrived (on this
    /// process's clock) minus its RTP timestamp, so plus a constant of the stream's own.
    /// Their spread above the stream's fastest frame is the delay the path added.
    transits: Mutex<Vec<f64>>,
}

/// One reading of a viewer's video counters.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    pub packets: u64,
    pub bytes: u64,
    pub frames: u64,
    pub expected: u64,
    /// How many frames' transits were recorded.
    pub transits: usize,
}

impl Received {
    pub fn snapshot(&self) -> Counts {
        Counts {
            packets: self.packets.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            frames: self.frames.load(Ordering::Relaxed),
            expected: self.expected.load(Ordering::Relaxed),
            transits: self.transits.lock().map_or(0, |t| t.len()),
        }
    }

    /// The delay each frame between two readings had above the fastest of them, in ms.
    pub fn added_delays(&self, from: &Counts, to: &Counts) -> Vec<f64> {
        let Ok(transits) = self.transits.lock() else { return Vec::new() };
        let span = transits.get(from.transits..to.transits).unwrap_or_default();
        let fastest = span.iter().copied().fold(f64::INFINITY, f64::min);
        span.iter().map(|transit| transit - fastest).collect()
    }

    /// Counts a received track's packets until it ends: the voice mix by packet, video
    /// by packet, byte, frame and sequence number.
    pub async fn count(&self, track: Arc<TrackRemote>) {
        if track.kind() == RTPCodecType::Audio {
            while track.read_rtp().await.is_ok() {
                self.voice_packets.fetch_add(1, Ordering::Relaxed);
            }
            return;
        }
        let mut highest: Option<u16> = None;
        let mut timestamps = Unwrapped::default();
        while let Ok((packet, _)) = track.read_rtp().await {
            let sequence = packet.header.sequence_number;
            let ahead = match highest {
                None => 1,
                // Wrapping distance: a step forward is below half the sequence space.
                Some(last) => match sequence.wrapping_sub(last) {
                    step @ 1..0x8000 => u64::from(step),
                    _ => 0,
                },
            };
            if ahead > 0 {
                highest = Some(sequence);
                self.expected.fetch_add(ahead, Ordering::Relaxed);
            }
            self.packets.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(packet.payload.len() as u64, Ordering::Relaxed);
            if packet.header.marker {
                self.frames.fetch_add(1, Ordering::Relaxed);
                let sent_ms = timestamps.extend(packet.header.timestamp) as f64 / f64::from(VIDEO_CLOCK_KHZ);
                if let Ok(mut transits) = self.transits.lock() {
                    transits.push(since_start_ms() - sent_ms);
                }
            }
        }
    }
}

/// The video RTP clock: 90 kHz.
const VIDEO_CLOCK_KHZ: u32 = 90;

/// Milliseconds since this process first asked.
fn since_start_ms() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

/// RTP timestamps unwrapped past their 32 bits (a stream starts at a random one).
#[derive(Default)]
struct Unwrapped {
    last: Option<(u32, i64)>,
}

impl Unwrapped {
    fn extend(&mut self, timestamp: u32) -> i64 {
        let value = match self.last {
            None => i64::from(timestamp),
            // Wrapping distance, either way (a late frame steps back).
            Some((raw, value)) => value + i64::from(timestamp.wrapping_sub(raw) as i32),
        };
        self.last = Some((timestamp, value));
        value
    }
}

/// A connected viewer; dropping it stops its task (and so its peer connection).
pub struct Viewer {
    pub received: Arc<Received>,
    task: JoinHandle<()>,
}

impl Drop for Viewer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Viewer {
    /// Connects a viewer; what goes wrong with it is counted in `faults` (its end, once
    /// dropped, is not).
    pub async fn connect(api: Arc<API>, request: Request, faults: &Arc<Faults>) -> Result<Viewer> {
        let (socket, _) = tokio_tungstenite::connect_async(request).await?;
        let received = Arc::new(Received::default());
        let (counters, faults) = (received.clone(), faults.clone());
        let task = tokio::spawn(async move {
            match watch(api, socket, counters, &faults).await {
                Ok(()) => faults.note("viewer_live_connection_ended"),
                Err(err) => {
                    tracing::warn!(%err, "a viewer stopped");
                    faults.note("viewer_failed");
                }
            }
        });
        Ok(Viewer { received, task })
    }
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn watch(api: Arc<API>, socket: Socket, received: Arc<Received>, faults: &Arc<Faults>) -> Result<()> {
    let (mut sink, mut stream) = socket.split();
    let (outgoing, mut to_send) = mpsc::unbounded_channel::<ClientMessage>();
    let mut pc: Option<Arc<RTCPeerConnection>> = None;
    let outcome = loop {
        tokio::select! {
            message = to_send.recv() => {
                let Some(message) = message else { break Ok(()) };
                sink.send(Message::text(message.to_json())).await?;
            }
            frame = stream.next() => {
                let text = match frame {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Close(_))) | None => break Ok(()),
                    Some(Ok(_)) => continue,
                    Some(Err(err)) => break Err(err.into()),
                };
                match ServerMessage::parse(&text).map_err(|err| Error::Signaling(err.to_string()))? {
                    ServerMessage::Offer { sdp } => {
                        if let Some(old) = pc.take() {
                            let _ = old.close().await;
                        }
                        pc = Some(answer(&api, sdp, &outgoing, &received, faults).await?);
                    }
                    ServerMessage::Candidate { candidate } if !candidate.candidate.is_empty() => {
                        if let Some(pc) = &pc {
                            pc.add_ice_candidate(sightline_rtc::candidate_to_rtc(candidate)).await?;
                        }
                    }
                    ServerMessage::Ended { .. } => break Ok(()),
                    ServerMessage::Error { code, message } => {
                        tracing::warn!(%code, %message, "the server refused a message");
                        faults.note("viewer_server_error");
                    }
                    _ => {}
                }
            }
        }
    };
    if let Some(pc) = pc {
        let _ = pc.close().await;
    }
    outcome
}

/// A peer connection answering the relay's offer; its video and voice are counted, not decoded.
async fn answer(api: &API, sdp: String, outgoing: &mpsc::UnboundedSender<ClientMessage>, received: &Arc<Received>, faults: &Arc<Faults>) -> Result<Arc<RTCPeerConnection>> {
    let pc = counting_peer(api, received, faults).await?;
    let candidates = outgoing.clone();
    pc.on_ice_candidate(Box::new(move |candidate| {
        if let Some(candidate) = candidate.as_ref().and_then(|c| sightline_rtc::candidate_from_rtc(c).ok()) {
            let _ = candidates.send(ClientMessage::Candidate { candidate });
        }
        Box::pin(async {})
    }));
    pc.set_remote_description(RTCSessionDescription::offer(sdp)?).await?;
    let answer = pc.create_answer(None).await?;
    pc.set_local_description(answer).await?;
    let sdp = pc.local_description().await.map(|d| d.sdp).ok_or_else(|| Error::Signaling("no local answer".into()))?;
    outgoing.send(ClientMessage::Answer { sdp }).map_err(|_| Error::Signaling("the live connection closed".into()))?;
    Ok(pc)
}

/// A peer connection whose received tracks are counted into `received`, and its failures
/// into `faults`.
pub async fn counting_peer(api: &API, received: &Arc<Received>, faults: &Arc<Faults>) -> Result<Arc<RTCPeerConnection>> {
    let pc = Arc::new(api.new_peer_connection(RTCConfiguration::default()).await?);
    let faults = faults.clone();
    pc.on_peer_connection_state_change(Box::new(move |state| {
        match state {
            RTCPeerConnectionState::Failed => faults.note("viewer_peer_failed"),
            RTCPeerConnectionState::Disconnected => faults.note("viewer_peer_disconnected"),
            _ => {}
        }
        Box::pin(async {})
    }));
    let counters = received.clone();
    pc.on_track(Box::new(move |track, _, _| {
        let counters = counters.clone();
        tokio::spawn(async move { counters.count(track).await });
        Box::pin(async {})
    }));
    Ok(pc)
}
