//! A subscriber to a Janus videoroom feed: Janus offers the feed's streams, a webrtc-rs
//! peer answers and counts what arrives, as the relay's viewers do.

use std::sync::Arc;

use serde_json::json;
use webrtc::api::API;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;

use super::api::Handle;
use super::negotiate;
use crate::error::Result;
use crate::load::faults::Faults;
use crate::load::viewer::{counting_peer, Received};

/// Subscribes to `feed` in `room` through `handle`; the peer counts into `received` and
/// `faults`.
pub async fn subscribe(api: &API, handle: &mut Handle, room: u64, feed: u64, received: &Arc<Received>, faults: &Arc<Faults>) -> Result<Arc<RTCPeerConnection>> {
    let join = json!({ "request": "join", "ptype": "subscriber", "room": room, "streams": [{ "feed": feed }] });
    let offer = negotiate::remote_description(handle.send(join, None).await?.jsep, "offer")?;
    let pc = counting_peer(api, received, faults).await?;
    pc.set_remote_description(RTCSessionDescription::offer(offer)?).await?;
    let answer = pc.create_answer(None).await?;
    let answer = negotiate::describe_local(&pc, answer).await?;
    handle.send(json!({ "request": "start", "room": room }), Some(answer)).await?;
    Ok(pc)
}
