//! One session's media as its parts share it: the phone's peer connection, the
//! forwarded track, every technician's peer connection, the phone's state and the
//! keyframe requests, and the voice channel. What participants must hear of it is
//! reported as `MediaEvent`s.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex as SyncMutex;
use sightline_wire::signal::{IceCandidate, PhoneState};
use tokio::sync::Mutex;
use webrtc::api::API;
use webrtc::ice_transport::ice_server::RTCIceServer;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;

use super::continuity::Continuity;
use super::forwarded_track::ForwardedTrack;
use super::events::{MediaEvent, MediaEvents};
use super::recording::Recording;
use super::voices::Voices;
use crate::error::Error;

/// Keyframe requests closer together than this are merged into one.
const KEYFRAME_REQUEST_INTERVAL: Duration = Duration::from_millis(250);

pub(super) struct PublisherPeer {
    pub participant_id: String,
    pub pc: Arc<RTCPeerConnection>,
    /// SSRC of the phone's video, once its track arrived.
    pub ssrc: Option<u32>,
}

#[derive(Default)]
pub(super) struct ViewerPeer {
    pub pc: Option<Arc<RTCPeerConnection>>,
    /// Candidates that arrived before the viewer's answer.
    pub pending: Vec<IceCandidate>,
    pub answered: bool,
}

#[derive(Default)]
pub(super) struct Inner {
    pub publisher: Option<PublisherPeer>,
    pub track: Option<Arc<ForwardedTrack>>,
    pub phone_state: Option<PhoneState>,
    pub viewers: HashMap<String, ViewerPeer>,
    /// The customer's participant while its app is connected; it hears how many technicians watch.
    pub customer: Option<String>,
    pub ended: bool,
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
    pub(super) events: Arc<dyn MediaEvents>,
    /// The voice channel: everyone's audio mixed for everyone else.
    pub(super) voices: Arc<Voices>,
    /// The session's recording while it runs.
    pub(super) recording: SyncMutex<Option<Recording>>,
    last_keyframe_request: SyncMutex<Option<Instant>>,
    /// A merged keyframe request is scheduled.
    keyframe_pending: AtomicBool,
}

impl SessionMedia {
    pub(super) fn new(
        id: String,
        api: Arc<API>,
        ice_servers: Vec<RTCIceServer>,
        loopback_only: bool,
        events: Arc<dyn MediaEvents>,
    ) -> SessionMedia {
        let voices = Arc::new(Voices::new(id.clone(), events.clone()));
        SessionMedia {
            id,
            api,
            ice_servers,
            loopback_only,
            inner: Mutex::new(Inner::default()),
            continuity: SyncMutex::new(Continuity::default()),
            publisher_generation: AtomicU64::new(0),
            voices,
            events,
            recording: SyncMutex::new(None),
            last_keyframe_request: SyncMutex::new(None),
            keyframe_pending: AtomicBool::new(false),
        }
    }

    /// Asks the phone for a keyframe (a viewer lost the picture or just arrived).
    /// Requests closer together than `KEYFRAME_REQUEST_INTERVAL` are merged: the
    /// later ones become one request at the end of the interval, never none.
    pub async fn request_keyframe(self: &Arc<Self>) {
        let wait = {
            let mut last = self.last_keyframe_request.lock();
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
                    *media.last_keyframe_request.lock() = Some(Instant::now());
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
            tracing::debug!(target: sightline_rtc::JOIN_TRACE, peer = "phone", session = %self.id, step = "keyframe_requested", "a key frame asked of the phone");
            if let Err(err) = pc.write_rtcp(&[Box::new(pli)]).await {
                tracing::debug!(session = %self.id, %err, "keyframe request not sent");
            }
        }
    }

    /// Ends the session's media: every peer closed.
    pub async fn end(&self) {
        let (publisher, viewers) = {
            let mut inner = self.inner.lock().await;
            inner.ended = true;
            if self.recording.lock().take().is_some() {
                self.voices.record(None);
            }
            self.voices.end();
            inner.customer = None;
            (inner.publisher.take(), std::mem::take(&mut inner.viewers))
        };
        if let Some(publisher) = publisher {
            close_quietly(Some(publisher.pc)).await;
        }
        for (_, viewer) in viewers {
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

    /// Records the phone's state; every technician receiving video hears of a change.
    pub(super) fn set_phone_state(&self, inner: &mut Inner, state: PhoneState) {
        if inner.phone_state == Some(state) {
            return;
        }
        inner.phone_state = Some(state);
        for viewer in inner.viewers.keys() {
            self.events.report(MediaEvent::PhoneState { viewer: viewer.clone(), state });
        }
    }
}

pub(super) fn webrtc_failure(err: webrtc::Error) -> Error {
    Error::Internal(format!("WebRTC: {err}"))
}

pub(super) async fn close_quietly(pc: Option<Arc<RTCPeerConnection>>) {
    if let Some(pc) = pc {
        if let Err(err) = pc.close().await {
            tracing::debug!(%err, "closing a peer connection failed");
        }
    }
}
