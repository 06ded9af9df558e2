//! A technician's side of the relay: a peer connection that receives the session's
//! shared track and exchanges the voice channel, and the loop that answers its NACKs
//! from the track's history and turns its keyframe requests into the phone's.

use std::sync::Arc;

use sightline_rtc::voice::opus_codec;
use sightline_rtc::{candidate_from_rtc, candidate_to_rtc, video_codec, JOIN_TRACE};
use sightline_wire::signal::IceCandidate;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::peer_connection_state::RTCPeerConnectionState;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::rtcp::payload_feedbacks::full_intra_request::FullIntraRequest;
use webrtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;
use webrtc::rtcp::transport_feedbacks::transport_layer_nack::TransportLayerNack;
use webrtc::rtp_transceiver::rtp_transceiver_direction::RTCRtpTransceiverDirection;
use webrtc::rtp_transceiver::RTCRtpTransceiverInit;
use webrtc::track::track_local::TrackLocal;

use super::events::MediaEvent;
use super::forwarded_track::ForwardedTrack;
use super::session_media::{close_quietly, webrtc_failure, SessionMedia};
use crate::error::{Error, Result};

/// Candidates kept while a viewer's answer is outstanding.
const MAX_PENDING_CANDIDATES: usize = 64;

/// Creates a fresh peer connection for the viewer and sends it the relay's offer.
pub(super) async fn offer(media: &Arc<SessionMedia>, participant_id: &str, track: Arc<ForwardedTrack>) -> Result<()> {
    if !media.inner.lock().await.viewers.contains_key(participant_id) {
        return Ok(());
    }
    let config = RTCConfiguration { ice_servers: media.ice_servers.clone(), ..Default::default() };
    let pc = Arc::new(media.api.new_peer_connection(config).await.map_err(webrtc_failure)?);
    // The offer lists the shared track's codec alone (the phone's: VP8, or H.264 with
    // its profile and packetization mode), so the browser's answer is about that codec.
    let codec = video_codec(&track.codec().mime_type)
        .ok_or_else(|| Error::Internal(format!("codec {} is not set up for WebRTC", track.codec().mime_type)))?;
    let init = RTCRtpTransceiverInit { direction: RTCRtpTransceiverDirection::Sendonly, send_encodings: vec![] };
    let transceiver = pc
        .add_transceiver_from_track(track.clone() as Arc<dyn TrackLocal + Send + Sync>, Some(init))
        .await
        .map_err(webrtc_failure)?;
    transceiver.set_codec_preferences(vec![codec]).await.map_err(webrtc_failure)?;
    let sender = transceiver.sender().await;
    // The voice channel both ways: this technician's mix out, its microphone in.
    let init = RTCRtpTransceiverInit { direction: RTCRtpTransceiverDirection::Sendrecv, send_encodings: vec![] };
    let voice = pc
        .add_transceiver_from_track(media.voices.track_for(participant_id) as Arc<dyn TrackLocal + Send + Sync>, Some(init))
        .await
        .map_err(webrtc_failure)?;
    voice.set_codec_preferences(vec![opus_codec()]).await.map_err(webrtc_failure)?;
    let voice_sender = voice.sender().await;
    // The interceptors need the sender's RTCP read.
    tokio::spawn(async move { while voice_sender.read_rtcp().await.is_ok() {} });
    let (weak, viewer) = (Arc::downgrade(media), participant_id.to_owned());
    pc.on_track(Box::new(move |track, _receiver, _transceiver| {
        if let Some(media) = weak.upgrade() {
            media.voices.receive(&viewer, track);
        }
        Box::pin(async {})
    }));

    // The viewer's feedback: NACKs answered from the track's history, lost pictures
    // turned into the phone's keyframe request.
    let weak = Arc::downgrade(media);
    tokio::spawn(async move {
        while let Ok((packets, _)) = sender.read_rtcp().await {
            for nack in packets.iter().filter_map(|p| p.as_any().downcast_ref::<TransportLayerNack>()) {
                track.retransmit(nack).await;
            }
            let lost_picture = packets.iter().any(|p| {
                p.as_any().downcast_ref::<PictureLossIndication>().is_some() || p.as_any().downcast_ref::<FullIntraRequest>().is_some()
            });
            if lost_picture {
                let Some(media) = weak.upgrade() else { return };
                media.request_keyframe().await;
            }
        }
    });

    // A viewer whose media just connected needs a key frame to start decoding.
    let weak = Arc::downgrade(media);
    pc.on_peer_connection_state_change(Box::new(move |state| {
        let weak = weak.clone();
        Box::pin(async move {
            tracing::debug!(target: JOIN_TRACE, peer = "viewer", step = %format!("pc_{state}"), "a viewer's peer connection {state}");
            if state == RTCPeerConnectionState::Connected {
                if let Some(media) = weak.upgrade() {
                    media.request_keyframe().await;
                }
            }
        })
    }));

    sightline_rtc::trace_ice_states(&pc, "viewer", participant_id);
    let (events, viewer) = (media.events.clone(), participant_id.to_owned());
    pc.on_ice_candidate(Box::new(move |candidate| {
        let (events, participant) = (events.clone(), viewer.clone());
        Box::pin(async move {
            if let Some(candidate) = candidate.as_ref().and_then(|c| candidate_from_rtc(c).ok()) {
                events.report(MediaEvent::Candidate { participant, candidate });
            }
        })
    }));

    let offer = pc.create_offer(None).await.map_err(webrtc_failure)?;
    pc.set_local_description(offer).await.map_err(webrtc_failure)?;
    let sdp = pc.local_description().await.map(|d| d.sdp).ok_or_else(|| Error::Internal("no local offer".into()))?;

    let previous = {
        let mut inner = media.inner.lock().await;
        match inner.viewers.get_mut(participant_id) {
            Some(viewer) => {
                viewer.answered = false;
                viewer.pending.clear();
                media.events.report(MediaEvent::Offer { viewer: participant_id.to_owned(), sdp });
                tracing::debug!(target: JOIN_TRACE, peer = "viewer", id = participant_id, step = "offer_sent", "an offer to a viewer");
                viewer.pc.replace(pc)
            }
            None => Some(pc),
        }
    };
    close_quietly(previous).await;
    Ok(())
}

/// Applies a viewer's answer, then the candidates that came before it.
pub(super) async fn answer(media: &SessionMedia, participant_id: &str, sdp: String) -> Result<()> {
    let answer = RTCSessionDescription::answer(sdp).map_err(|err| Error::InvalidInput(format!("not an SDP answer: {err}")))?;
    let pc = {
        let inner = media.inner.lock().await;
        let viewer = inner.viewers.get(participant_id).ok_or_else(|| Error::InvalidInput("no offer is waiting for an answer".into()))?;
        match (&viewer.pc, viewer.answered) {
            (Some(pc), false) => pc.clone(),
            _ => return Err(Error::InvalidInput("no offer is waiting for an answer".into())),
        }
    };
    pc.set_remote_description(answer).await.map_err(|err| Error::InvalidInput(format!("the answer was refused: {err}")))?;
    tracing::debug!(target: JOIN_TRACE, peer = "viewer", id = participant_id, step = "answer_received", "a viewer's answer");
    let pending = {
        let mut inner = media.inner.lock().await;
        match inner.viewers.get_mut(participant_id) {
            Some(viewer) => {
                viewer.answered = true;
                std::mem::take(&mut viewer.pending)
            }
            None => Vec::new(),
        }
    };
    for candidate in pending {
        if let Err(err) = pc.add_ice_candidate(candidate_to_rtc(candidate)).await {
            tracing::debug!(%err, "a viewer's early candidate was refused");
        }
    }
    Ok(())
}

/// A viewer's candidate: applied now, or kept until its answer arrives.
pub(super) async fn candidate(media: &SessionMedia, participant_id: &str, candidate: IceCandidate) -> Result<()> {
    let pc = {
        let mut inner = media.inner.lock().await;
        let viewer = inner.viewers.get_mut(participant_id).ok_or_else(|| Error::InvalidInput("not subscribed".into()))?;
        if !viewer.answered {
            if viewer.pending.len() >= MAX_PENDING_CANDIDATES {
                return Err(Error::InvalidInput("too many candidates before the answer".into()));
            }
            viewer.pending.push(candidate);
            return Ok(());
        }
        viewer.pc.clone()
    };
    match pc {
        Some(pc) => pc
            .add_ice_candidate(candidate_to_rtc(candidate))
            .await
            .map_err(|err| Error::InvalidInput(format!("ICE candidate refused: {err}"))),
        None => Ok(()),
    }
}
