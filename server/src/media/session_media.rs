//! One session's media: the phone's peer connection, the forwarded track, and
//! every technician's peer connection, with their signaling outboxes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex as SyncMutex};
use std::time::{Duration, Instant};

use sightline_wire::signal::{EndReason, IceCandidate, PhoneState, ServerMessage};
use tokio::sync::{mpsc, Mutex};
use sightline_rtc::video_capability;
use webrtc::api::media_engine::MIME_TYPE_VP8;
use webrtc::api::API;
use webrtc::ice_transport::ice_server::RTCIceServer;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;
use webrtc::track::track_local::track_local_static_rtp::TrackLocalStaticRTP;

use super::continuity::Continuity;
use super::{publisher, viewer};
use crate::error::{Error, Result};

/// Where messages for one participant's signaling connection go.
pub type Outbox = mpsc::UnboundedSender<ServerMessage>;

/// Keyframe requests closer together than this are merged into one.
const KEYFRAME_REQUEST_INTERVAL: Duration = Duration::from_millis(250);

pub(super) struct PublisherPeer {
    pub participant_id: String,
    pub pc: Arc<RTCPeerConnection>,
    /// SSRC of the phone's video, once its track arrived.
    pub ssrc: Option<u32>,
}

pub(super) struct ViewerPeer {
    pub outbox: Outbox,
    pub pc: Option<Arc<RTCPeerConnection>>,
    /// Candidates that arrived before the viewer's answer.
    pub pending: Vec<IceCandidate>,
    pub answered: bool,
}

#[derive(Default)]
pub(super) struct Inner {
    pub publisher: Option<PublisherPeer>,
    pub track: Option<Arc<TrackLocalStaticRTP>>,
    pub phone_state: Option<PhoneState>,
    pub viewers: HashMap<String, ViewerPeer>,
    /// The customer's signaling connection, told how many technicians watch.
    pub customer: Option<Outbox>,
    pub ended: bool,
}

impl Inner {
    fn announce_viewers(&self) {
        if let Some(customer) = &self.customer {
            let _ = customer.send(ServerMessage::Viewers { count: self.viewers.len() as u32 });
        }
    }
}

pub struct SessionMedia {
    pub(super) id: String,
    pub(super) api: Arc<API>,
    pub(super) ice_servers: Vec<RTCIceServer>,
    /// Remote candidates off 127.0.0.1 are ignored (tests and demos on one machine).
    pub(super) loopback_only: bool,
    pub(super) inner: Mutex<Inner>,
    pub(super) continuity: SyncMutex<Continuity>,
    /// Bumped whenever a new phone peer connection replaces the last one.
    pub(super) publisher_generation: AtomicU64,
    last_keyframe_request: SyncMutex<Option<Instant>>,
    /// A merged keyframe request is scheduled.
    keyframe_pending: AtomicBool,
}

impl SessionMedia {
    pub(super) fn new(id: String, api: Arc<API>, ice_servers: Vec<RTCIceServer>, loopback_only: bool) -> SessionMedia {
        SessionMedia {
            id,
            api,
            ice_servers,
            loopback_only,
            inner: Mutex::new(Inner::default()),
            continuity: SyncMutex::new(Continuity::default()),
            publisher_generation: AtomicU64::new(0),
            last_keyframe_request: SyncMutex::new(None),
            keyframe_pending: AtomicBool::new(false),
        }
    }

    /// The phone's offer: (re)starts its peer connection and returns the relay's answer.
    /// A new offer from the same phone is a reconnect (new ICE, same session).
    pub async fn publish(self: &Arc<Self>, participant_id: &str, sdp: String, outbox: Outbox) -> Result<String> {
        publisher::start(self, participant_id, sdp, outbox).await
    }

    /// The customer's connection opened: it hears how many technicians watch.
    pub async fn attach_customer(&self, outbox: Outbox) {
        let mut inner = self.inner.lock().await;
        inner.customer = Some(outbox);
        inner.announce_viewers();
    }

    /// Whether the customer's app is connected.
    pub async fn has_customer(&self) -> bool {
        self.inner.lock().await.customer.is_some()
    }

    /// Sends to the customer's connection; false when the phone is not connected.
    pub async fn send_to_customer(&self, message: ServerMessage) -> bool {
        let inner = self.inner.lock().await;
        inner.customer.as_ref().is_some_and(|customer| customer.send(message).is_ok())
    }

    /// A candidate from the phone.
    pub async fn publisher_candidate(&self, participant_id: &str, candidate: IceCandidate) -> Result<()> {
        if self.ignores(&candidate) {
            return Ok(());
        }
        let pc = {
            let inner = self.inner.lock().await;
            match &inner.publisher {
                Some(p) if p.participant_id == participant_id => p.pc.clone(),
                _ => return Err(Error::InvalidInput("send an offer before candidates".into())),
            }
        };
        pc.add_ice_candidate(sightline_rtc::candidate_to_rtc(candidate))
            .await
            .map_err(|err| Error::InvalidInput(format!("ICE candidate refused: {err}")))
    }

    /// The phone's signaling connection closed: its media may come back with a new offer.
    pub async fn publisher_left(&self, participant_id: &str) {
        let mut inner = self.inner.lock().await;
        inner.customer = None;
        if inner.publisher.as_ref().is_some_and(|p| p.participant_id == participant_id) {
            set_phone_state(&mut inner, PhoneState::Reconnecting);
        }
    }

    /// A technician's connection: receives an offer now, or as soon as video exists.
    pub async fn subscribe(self: &Arc<Self>, participant_id: &str, outbox: Outbox) -> Result<()> {
        let (track, state) = {
            let mut inner = self.inner.lock().await;
            if let Some(old) = inner.viewers.remove(participant_id) {
                close_quietly(old.pc).await;
            }
            let state = inner.phone_state.unwrap_or(PhoneState::Absent);
            let _ = outbox.send(ServerMessage::PhoneState { state });
            inner.viewers.insert(
                participant_id.to_owned(),
                ViewerPeer { outbox: outbox.clone(), pc: None, pending: Vec::new(), answered: false },
            );
            inner.announce_viewers();
            // Offer video at once (VP8, what phones send unless they push H.264), so the
            // viewer's connection is ready before the phone's first frame arrives.
            let track = inner.track.get_or_insert_with(|| shared_track(&self.id, MIME_TYPE_VP8)).clone();
            (track, state)
        };
        viewer::offer(self, participant_id, track).await?;
        if state == PhoneState::Live {
            self.request_keyframe().await;
        }
        Ok(())
    }

    /// A technician's answer to the relay's offer.
    pub async fn viewer_answer(&self, participant_id: &str, sdp: String) -> Result<()> {
        viewer::answer(self, participant_id, sdp).await
    }

    /// A candidate from a technician.
    pub async fn viewer_candidate(&self, participant_id: &str, candidate: IceCandidate) -> Result<()> {
        if self.ignores(&candidate) {
            return Ok(());
        }
        viewer::candidate(self, participant_id, candidate).await
    }

    /// A technician's connection closed.
    pub async fn unsubscribe(&self, participant_id: &str) {
        let removed = {
            let mut inner = self.inner.lock().await;
            let removed = inner.viewers.remove(participant_id);
            inner.announce_viewers();
            removed
        };
        if let Some(viewer) = removed {
            close_quietly(viewer.pc).await;
        }
    }

    /// A loopback-only relay never sends to candidates off 127.0.0.1.
    fn ignores(&self, candidate: &IceCandidate) -> bool {
        let ignored = self.loopback_only && !sightline_rtc::is_loopback_candidate(candidate);
        if ignored {
            tracing::debug!(candidate = %candidate.candidate, "ignoring a candidate off 127.0.0.1 (loopback-only relay)");
        }
        ignored
    }

    /// Asks the phone for a keyframe (a viewer lost the picture or just arrived).
    /// Requests closer together than `KEYFRAME_REQUEST_INTERVAL` are merged: the
    /// later ones become one request at the end of the interval, never none.
    pub async fn request_keyframe(self: &Arc<Self>) {
        let wait = {
            let mut last = self.last_keyframe_request.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = Instant::now();
            match *last {
                Some(at) if now.duration_since(at) < KEYFRAME_REQUEST_INTERVAL => {
                    if self.keyframe_pending.swap(true, Ordering::AcqRel) {
                        return;
                    }
                    KEYFRAME_REQUEST_INTERVAL - now.duration_since(at)
                }
                _ => {
                    *last = Some(now);
                    Duration::ZERO
                }
            }
        };
        if !wait.is_zero() {
            let media = Arc::downgrade(self);
            tokio::spawn(async move {
                tokio::time::sleep(wait).await;
                if let Some(media) = media.upgrade() {
                    media.keyframe_pending.store(false, Ordering::Release);
                    *media.last_keyframe_request.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Instant::now());
                    media.send_keyframe_request().await;
                }
            });
            return;
        }
        self.send_keyframe_request().await;
    }

    async fn send_keyframe_request(&self) {
        let target = {
            let inner = self.inner.lock().await;
            inner.publisher.as_ref().and_then(|p| p.ssrc.map(|ssrc| (p.pc.clone(), ssrc)))
        };
        if let Some((pc, media_ssrc)) = target {
            let pli = PictureLossIndication { sender_ssrc: 0, media_ssrc };
            if let Err(err) = pc.write_rtcp(&[Box::new(pli)]).await {
                tracing::debug!(session = %self.id, %err, "keyframe request not sent");
            }
        }
    }

    /// Ends the session's media: every participant is told why, every peer closed.
    pub async fn end(&self, reason: EndReason) {
        let (publisher, viewers) = {
            let mut inner = self.inner.lock().await;
            inner.ended = true;
            if let Some(customer) = inner.customer.take() {
                let _ = customer.send(ServerMessage::Ended { reason });
            }
            (inner.publisher.take(), std::mem::take(&mut inner.viewers))
        };
        if let Some(publisher) = publisher {
            close_quietly(Some(publisher.pc)).await;
        }
        for (_, viewer) in viewers {
            let _ = viewer.outbox.send(ServerMessage::Ended { reason });
            close_quietly(viewer.pc).await;
        }
    }

    /// (publishing, viewers receiving video)
    pub async fn counts(&self) -> (bool, usize) {
        let inner = self.inner.lock().await;
        let live = inner.phone_state == Some(PhoneState::Live);
        let forwarded = if live { inner.viewers.values().filter(|v| v.answered).count() } else { 0 };
        (live, forwarded)
    }
}

/// The session's shared video track, which every viewer receives, for a codec.
pub(super) fn shared_track(session_id: &str, mime_type: &str) -> Arc<TrackLocalStaticRTP> {
    Arc::new(TrackLocalStaticRTP::new(video_capability(mime_type), "video".into(), format!("sightline-{session_id}")))
}

/// Records the phone's state and tells every technician.
pub(super) fn set_phone_state(inner: &mut Inner, state: PhoneState) {
    if inner.phone_state == Some(state) {
        return;
    }
    inner.phone_state = Some(state);
    for viewer in inner.viewers.values() {
        let _ = viewer.outbox.send(ServerMessage::PhoneState { state });
    }
}

pub(super) async fn close_quietly(pc: Option<Arc<RTCPeerConnection>>) {
    if let Some(pc) = pc {
        if let Err(err) = pc.close().await {
            tracing::debug!(%err, "closing a peer connection failed");
        }
    }
}
