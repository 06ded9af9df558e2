//! Conversions between the signaling protocol's types and webrtc-rs's.

use sightline_wire::signal::{IceCandidate, IceServer};
use webrtc::ice_transport::ice_candidate::{RTCIceCandidate, RTCIceCandidateInit};
use webrtc::ice_transport::ice_server::RTCIceServer;

use crate::Error;

/// A candidate received over signaling, for `add_ice_candidate`.
pub fn candidate_to_rtc(candidate: IceCandidate) -> RTCIceCandidateInit {
    RTCIceCandidateInit {
        candidate: candidate.candidate,
        sdp_mid: candidate.sdp_mid,
        sdp_mline_index: candidate.sdp_mline_index,
        username_fragment: candidate.username_fragment,
    }
}

/// A locally gathered candidate, to send over signaling.
pub fn candidate_from_rtc(candidate: &RTCIceCandidate) -> Result<IceCandidate, Error> {
    let init = candidate.to_json()?;
    Ok(IceCandidate {
        candidate: init.candidate,
        sdp_mid: init.sdp_mid,
        sdp_mline_index: init.sdp_mline_index,
        username_fragment: init.username_fragment,
    })
}

/// True when a candidate's address is 127.0.0.1: the only one a loopback-only peer may
/// send to. (`candidate:<foundation> <component> <protocol> <priority> <address> <port> typ ...`)
pub fn is_loopback_candidate(candidate: &IceCandidate) -> bool {
    candidate.candidate.split_whitespace().nth(4) == Some("127.0.0.1")
}

/// STUN/TURN servers as webrtc-rs takes them.
pub fn ice_servers_to_rtc(servers: &[IceServer]) -> Vec<RTCIceServer> {
    servers
        .iter()
        .map(|server| RTCIceServer {
            urls: server.urls.clone(),
            username: server.username.clone().unwrap_or_default(),
            credential: server.credential.clone().unwrap_or_default(),
        })
        .collect()
}
