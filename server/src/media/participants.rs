//! What a session's participants do to its media, as their signaling connections
//! ask: the phone publishes, trickles candidates and leaves; technicians subscribe,
//! answer, trickle candidates and unsubscribe; everyone's voice is allowed or muted.

use std::sync::Arc;

use sightline_wire::signal::{AudioStatus, IceCandidate, PhoneState};
use webrtc::api::media_engine::MIME_TYPE_VP8;

use super::events::MediaEvent;
use super::forwarded_track::ForwardedTrack;
use super::session_media::{close_quietly, Inner, SessionMedia, ViewerPeer};
use super::{publisher, viewer};
use crate::error::{Error, Result};

impl SessionMedia {
    /// The phone's offer: (re)starts its peer connection and returns the relay's answer.
    /// A new offer from the same phone is a reconnect (new ICE, same session).
    pub async fn publish(self: &Arc<Self>, participant_id: &str, sdp: String) -> Result<String> {
        publisher::start(self, participant_id, sdp).await
    }

    /// The customer's connection opened: it hears how many technicians watch.
    pub async fn attach_customer(&self, participant_id: &str) {
        let mut inner = self.inner.lock().await;
        inner.customer = Some(participant_id.to_owned());
        self.announce_viewers(&inner);
    }

    /// The customer's participant, while its app is connected.
    pub async fn customer(&self) -> Option<String> {
        self.inner.lock().await.customer.clone()
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
            self.set_phone_state(&mut inner, PhoneState::Reconnecting);
        }
    }

    /// A technician's connection: receives an offer now, or as soon as video exists.
    pub async fn subscribe(self: &Arc<Self>, participant_id: &str) -> Result<()> {
        let track = {
            let mut inner = self.inner.lock().await;
            if let Some(old) = inner.viewers.remove(participant_id) {
                close_quietly(old.pc).await;
            }
            let state = inner.phone_state.unwrap_or(PhoneState::Absent);
            self.events.report(MediaEvent::PhoneState { viewer: participant_id.to_owned(), state });
            inner.viewers.insert(participant_id.to_owned(), ViewerPeer::default());
            self.announce_viewers(&inner);
            // Offer video at once (VP8, what phones send unless they push H.264), so the
            // viewer's connection is ready before the phone's first frame arrives.
            inner.track.get_or_insert_with(|| Arc::new(ForwardedTrack::new(&self.id, MIME_TYPE_VP8))).clone()
        };
        // Its key frame is asked for once its connection is up (`viewer::offer`): one asked
        // for now would pass before it could be received, and hold the next one back.
        viewer::offer(self, participant_id, track).await
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
            self.announce_viewers(&inner);
            removed
        };
        self.voices.remove(participant_id);
        if let Some(viewer) = removed {
            close_quietly(viewer.pc).await;
        }
    }

    /// Whether the participant may use the mic (its seat's Mic right): without it, the
    /// relay neither mixes its voice nor sends it the others'.
    pub fn allow_voice(&self, participant_id: &str, allowed: bool) {
        self.voices.allow(participant_id, allowed);
    }

    /// The participant muted or unmuted itself: a muted voice is not mixed.
    pub fn mute(&self, participant_id: &str, muted: bool) {
        self.voices.mute(participant_id, muted);
    }

    /// The phone's microphone and audio route, as it last reported them.
    pub fn report_audio(&self, participant_id: &str, status: AudioStatus) {
        self.voices.report_status(participant_id, status);
    }

    /// Every audio status reported, by participant.
    pub fn audio_statuses(&self) -> Vec<(String, AudioStatus)> {
        self.voices.statuses()
    }

    /// A loopback-only relay never sends to candidates off 127.0.0.1.
    fn ignores(&self, candidate: &IceCandidate) -> bool {
        let ignored = self.loopback_only && !sightline_rtc::is_loopback_candidate(candidate);
        if ignored {
            tracing::debug!(candidate = %candidate.candidate, "ignoring a candidate off 127.0.0.1 (loopback-only relay)");
        }
        ignored
    }

    /// The customer, if connected, hears how many technicians watch.
    fn announce_viewers(&self, inner: &Inner) {
        if let Some(phone) = &inner.customer {
            self.events.report(MediaEvent::Viewers { phone: phone.clone(), count: inner.viewers.len() as u32 });
        }
    }
}
