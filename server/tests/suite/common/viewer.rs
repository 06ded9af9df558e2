//! A technician's picture without a browser: a webrtc-rs peer connection that answers the
//! relay's offers on the technician's live connection, counts the video frames that arrive,
//! keeps the voice packets it hears and asks the phone for a key frame (PLI) as a browser's
//! decoder does after a loss.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use parking_lot::Mutex;
use serde_json::{json, Value};
use sightline_rtc::NetworkSettings;
use sightline_wire::signal::IceCandidate;
use tokio_tungstenite::tungstenite::Message;
use webrtc::api::API;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;
use webrtc::rtp::packet::Packet;
use webrtc::rtp_transceiver::rtp_codec::RTPCodecType;

use super::live::Socket;

/// A watching technician; dropping it closes its connections.
pub struct Viewer {
    seen: Arc<Seen>,
    task: tokio::task::JoinHandle<()>,
}

/// What arrived.
#[derive(Default)]
struct Seen {
    /// Video frames (packets with the RTP marker bit).
    frames: AtomicU64,
    /// The voice mix's RTP packets.
    voice: Mutex<Vec<Packet>>,
    /// The video's SSRC, once a track arrived.
    ssrc: AtomicU32,
    pc: Mutex<Option<Arc<RTCPeerConnection>>>,
}

impl Viewer {
    /// Watches the session on the technician's live connection `socket` (ICE on every
    /// address of the test's namespace).
    pub fn watch(socket: Socket) -> Viewer {
        Viewer::with(&NetworkSettings::default(), socket)
    }

    /// Watches with ICE on 127.0.0.1 only.
    pub fn watch_on_loopback(socket: Socket) -> Viewer {
        Viewer::with(&NetworkSettings { loopback_only: true, ..Default::default() }, socket)
    }

    fn with(settings: &NetworkSettings, socket: Socket) -> Viewer {
        let api = Arc::new(sightline_rtc::build_api(settings).expect("webrtc API"));
        let seen = Arc::new(Seen::default());
        let task = tokio::spawn(signal(api, socket, seen.clone()));
        Viewer { seen, task }
    }

    /// Video frames received so far.
    pub fn frames(&self) -> u64 {
        self.seen.frames.load(Ordering::Relaxed)
    }

    /// The voice packets received so far, in order.
    pub fn voice(&self) -> Vec<Packet> {
        self.seen.voice.lock().clone()
    }

    /// Sends a picture loss indication for the video.
    pub async fn request_keyframe(&self) {
        let pc = self.seen.pc.lock().clone();
        let media_ssrc = self.seen.ssrc.load(Ordering::Relaxed);
        if let Some(pc) = pc {
            let pli: [Box<dyn webrtc::rtcp::packet::Packet + Send + Sync>; 1] = [Box::new(PictureLossIndication { sender_ssrc: 0, media_ssrc })];
            // A lost or refused one is asked again by the caller's loop.
            let _ = pc.write_rtcp(&pli).await;
        }
    }
}

impl Drop for Viewer {
    fn drop(&mut self) {
        self.task.abort();
        if let Some(pc) = self.seen.pc.lock().take() {
            tokio::spawn(async move { pc.close().await });
        }
    }
}

/// Answers each offer with a fresh peer connection and trades candidates.
async fn signal(api: Arc<API>, socket: Socket, seen: Arc<Seen>) {
    let (mut sink, mut stream) = socket.split();
    let (outgoing, mut to_send) = tokio::sync::mpsc::unbounded_channel::<Value>();
    loop {
        let text = tokio::select! {
            Some(message) = to_send.recv() => {
                if sink.send(Message::text(message.to_string())).await.is_err() {
                    return;
                }
                continue;
            }
            frame = stream.next() => match frame {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(_)) => continue,
                _ => return,
            },
        };
        let message: Value = serde_json::from_str(text.as_str()).expect("JSON from the server");
        match message["type"].as_str() {
            Some("offer") => {
                let pc = answer(&api, message["sdp"].as_str().expect("sdp"), &outgoing, &seen).await;
                if let Some(old) = seen.pc.lock().replace(pc) {
                    tokio::spawn(async move { old.close().await });
                }
            }
            Some("candidate") => {
                let candidate: IceCandidate = serde_json::from_value(message["candidate"].clone()).expect("candidate");
                let pc = seen.pc.lock().clone();
                if let (Some(pc), false) = (pc, candidate.candidate.is_empty()) {
                    pc.add_ice_candidate(sightline_rtc::candidate_to_rtc(candidate)).await.expect("candidate taken");
                }
            }
            _ => {}
        }
    }
}

async fn answer(api: &API, offer: &str, outgoing: &tokio::sync::mpsc::UnboundedSender<Value>, seen: &Arc<Seen>) -> Arc<RTCPeerConnection> {
    let pc = Arc::new(api.new_peer_connection(RTCConfiguration::default()).await.expect("peer connection"));
    let candidates = outgoing.clone();
    pc.on_ice_candidate(Box::new(move |candidate| {
        if let Some(candidate) = candidate.as_ref().and_then(|c| sightline_rtc::candidate_from_rtc(c).ok()) {
            let _ = candidates.send(json!({"type": "candidate", "candidate": candidate}));
        }
        Box::pin(async {})
    }));
    let counters = seen.clone();
    pc.on_track(Box::new(move |track, _, _| {
        let counters = counters.clone();
        tokio::spawn(async move {
            if track.kind() != RTPCodecType::Video {
                while let Ok((packet, _)) = track.read_rtp().await {
                    counters.voice.lock().push(packet);
                }
                return;
            }
            counters.ssrc.store(track.ssrc(), Ordering::Relaxed);
            while let Ok((packet, _)) = track.read_rtp().await {
                if packet.header.marker {
                    counters.frames.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        Box::pin(async {})
    }));
    pc.set_remote_description(RTCSessionDescription::offer(offer.to_owned()).expect("offer")).await.expect("offer taken");
    let answer = pc.create_answer(None).await.expect("answer");
    pc.set_local_description(answer).await.expect("answer set");
    let sdp = pc.local_description().await.expect("local answer").sdp;
    let _ = outgoing.send(json!({"type": "answer", "sdp": sdp}));
    pc
}

