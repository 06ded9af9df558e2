//! The phone's side of the relay: its peer connection, the loop that forwards its
//! video to the session's shared track, and its voice into the session's mix.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};

use sightline_rtc::{candidate_from_rtc, JOIN_TRACE};
use sightline_wire::signal::PhoneState;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::peer_connection_state::RTCPeerConnectionState;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtp_transceiver::rtp_codec::RTPCodecType;
use webrtc::track::track_remote::TrackRemote;

use super::events::MediaEvent;
use super::forwarded_track::ForwardedTrack;
use super::session_media::{close_quietly, webrtc_failure, PublisherPeer, SessionMedia};
use super::viewer;
use crate::error::{Error, Result};

/// Starts (or restarts) the phone's peer connection from its offer; returns the answer.
pub(super) async fn start(media: &Arc<SessionMedia>, participant_id: &str, sdp: String) -> Result<String> {
    if !sdp.contains("m=video") {
        return Err(Error::InvalidInput("the offer carries no video".into()));
    }
    let offer = RTCSessionDescription::offer(sdp).map_err(|err| Error::InvalidInput(format!("not an SDP offer: {err}")))?;
    tracing::debug!(target: JOIN_TRACE, peer = "phone", session = %media.id, step = "offer_received", "the phone's offer");
    if media.inner.lock().await.ended {
        return Err(Error::SessionEnded);
    }
    let config = RTCConfiguration { ice_servers: media.ice_servers.clone(), ..Default::default() };
    let pc = Arc::new(media.api.new_peer_connection(config).await.map_err(webrtc_failure)?);
    let generation = media.publisher_generation.fetch_add(1, Ordering::SeqCst) + 1;
    install_handlers(media, &pc, generation, participant_id);
    // The phone's voice channel: the relay's track (the technicians' mix) pairs with
    // the offer's audio section, so the answer sends and receives audio.
    if offer.sdp.contains("m=audio") {
        match pc.add_track(media.voices.track_for(participant_id)).await {
            // The interceptors need the sender's RTCP read.
            Ok(sender) => drop(tokio::spawn(async move { while sender.read_rtcp().await.is_ok() {} })),
            Err(err) => {
                close_quietly(Some(pc)).await;
                return Err(webrtc_failure(err));
            }
        }
    }

    if let Err(err) = negotiate(&pc, offer).await {
        close_quietly(Some(pc)).await;
        return Err(err);
    }
    let answer = pc.local_description().await.map(|d| d.sdp).ok_or_else(|| Error::Internal("no local answer".into()))?;
    tracing::debug!(target: JOIN_TRACE, peer = "phone", session = %media.id, step = "answer_ready", "the answer to the phone");
    let replaced = {
        let mut inner = media.inner.lock().await;
        let replaced = inner.publisher.replace(PublisherPeer { participant_id: participant_id.to_owned(), pc, ssrc: None });
        // A phone that had media before is reconnecting (new ICE) until its video flows again.
        let state = if replaced.is_some() || inner.phone_state == Some(PhoneState::Reconnecting) {
            PhoneState::Reconnecting
        } else {
            PhoneState::Connecting
        };
        media.set_phone_state(&mut inner, state);
        replaced
    };
    if let Some(old) = replaced {
        close_quietly(Some(old.pc)).await;
    }
    Ok(answer)
}

async fn negotiate(pc: &RTCPeerConnection, offer: RTCSessionDescription) -> Result<()> {
    pc.set_remote_description(offer).await.map_err(|err| Error::InvalidInput(format!("the offer was refused: {err}")))?;
    let answer = pc.create_answer(None).await.map_err(|err| Error::InvalidInput(format!("cannot answer this offer: {err}")))?;
    pc.set_local_description(answer).await.map_err(webrtc_failure)
}

fn install_handlers(media: &Arc<SessionMedia>, pc: &Arc<RTCPeerConnection>, generation: u64, participant_id: &str) {
    let events = media.events.clone();
    let participant = participant_id.to_owned();
    pc.on_ice_candidate(Box::new(move |candidate| {
        let (events, participant) = (events.clone(), participant.clone());
        Box::pin(async move {
            if let Some(candidate) = candidate {
                match candidate_from_rtc(&candidate) {
                    Ok(candidate) => events.report(MediaEvent::Candidate { participant, candidate }),
                    Err(err) => tracing::debug!(%err, "local candidate not serialisable"),
                }
            }
        })
    }));

    sightline_rtc::trace_ice_states(pc, "phone", &media.id);
    let weak = Arc::downgrade(media);
    pc.on_peer_connection_state_change(Box::new(move |state| {
        let weak = weak.clone();
        Box::pin(async move {
            tracing::debug!(target: JOIN_TRACE, peer = "phone", step = %format!("pc_{state}"), "the phone's peer connection {state}");
            let Some(media) = weak.upgrade() else { return };
            if media.publisher_generation.load(Ordering::SeqCst) != generation {
                return;
            }
            if matches!(state, RTCPeerConnectionState::Disconnected | RTCPeerConnectionState::Failed) {
                media.set_phone_state(&mut *media.inner.lock().await, PhoneState::Reconnecting);
            }
        })
    }));

    let weak = Arc::downgrade(media);
    let participant = participant_id.to_owned();
    pc.on_track(Box::new(move |track, _receiver, _transceiver| {
        let weak = weak.clone();
        let participant = participant.clone();
        Box::pin(async move {
            if track.kind() == RTPCodecType::Audio {
                if let Some(media) = weak.upgrade() {
                    media.voices.receive(&participant, track);
                }
                return;
            }
            tracing::debug!(target: JOIN_TRACE, peer = "phone", step = "first_packet", "the phone's video arrives");
            tokio::spawn(forward(weak, track, generation));
        })
    }));
}

/// Forwards one phone track until it ends or a newer phone connection replaces it.
async fn forward(media: Weak<SessionMedia>, track: Arc<TrackRemote>, generation: u64) {
    let Some(session) = media.upgrade() else { return };
    let Some(local) = attach(&session, &track, generation).await else { return };
    session.request_keyframe().await;
    drop(session);

    let mime = local.codec().mime_type;
    let mut live = false;
    let mut join = JoinSteps::default();
    while let Ok((mut packet, _)) = track.read_rtp().await {
        let Some(session) = media.upgrade() else { return };
        if session.publisher_generation.load(Ordering::SeqCst) != generation {
            return;
        }
        if !live {
            live = true;
            session.set_phone_state(&mut *session.inner.lock().await, PhoneState::Live);
        }
        session.continuity.lock().rewrite(&mut packet);
        if let Some(tap) = session.recording_tap() {
            tap.video(&packet);
        }
        let key = join.pending() && sightline_rtc::starts_key_frame(&mime, &packet.payload);
        match local.write_rtp(&packet).await {
            Ok(written) => join.forwarded(&session.id, key, written > 0),
            Err(err) => tracing::trace!(%err, "a viewer missed a packet"),
        }
    }
}

/// The join's steps the forwarding loop traces once per phone connection: the first key
/// frame from the phone, the first packet and the first key frame a viewer got.
#[derive(Default)]
struct JoinSteps {
    key_received: bool,
    forwarded: bool,
    key_forwarded: bool,
}

impl JoinSteps {
    /// Whether a step is still to be traced (only then are packets looked into).
    fn pending(&self) -> bool {
        !self.key_forwarded
    }

    fn forwarded(&mut self, session: &str, key: bool, to_viewers: bool) {
        if key && !self.key_received {
            self.key_received = true;
            tracing::debug!(target: JOIN_TRACE, peer = "phone", session, step = "keyframe_received", "the phone's first key frame");
        }
        if to_viewers && !self.forwarded {
            self.forwarded = true;
            tracing::debug!(target: JOIN_TRACE, peer = "viewer", session, step = "first_forwarded", "the first packet forwarded");
        }
        if key && to_viewers && !self.key_forwarded {
            self.key_forwarded = true;
            tracing::debug!(target: JOIN_TRACE, peer = "viewer", session, step = "keyframe_forwarded", "the first key frame forwarded");
        }
    }
}

/// Records the phone's track and returns the shared track viewers receive; a new
/// codec gets a new shared track and fresh offers to every viewer.
async fn attach(session: &Arc<SessionMedia>, track: &TrackRemote, generation: u64) -> Option<Arc<ForwardedTrack>> {
    let mime = track.codec().capability.mime_type;
    let (local, renegotiate) = {
        let mut inner = session.inner.lock().await;
        if session.publisher_generation.load(Ordering::SeqCst) != generation {
            return None;
        }
        if let Some(publisher) = inner.publisher.as_mut() {
            publisher.ssrc = Some(track.ssrc());
        }
        match &inner.track {
            Some(existing) if existing.codec().mime_type.eq_ignore_ascii_case(&mime) => (existing.clone(), Vec::new()),
            _ => {
                let local = Arc::new(ForwardedTrack::new(&session.id, &mime));
                inner.track = Some(local.clone());
                (local, inner.viewers.keys().cloned().collect::<Vec<_>>())
            }
        }
    };
    session.continuity.lock().new_source();
    for participant in renegotiate {
        if let Err(err) = viewer::offer(session, &participant, local.clone()).await {
            tracing::warn!(session = %session.id, %participant, error = %err, "could not offer video to a viewer");
        }
    }
    Some(local)
}
