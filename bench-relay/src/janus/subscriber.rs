//! A subscriber to a Janus videoroom feed: Janus offers the feed's streams, a webrtc-rs
//! peer answers and counts what arrives, as the relay's viewers do.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use webrtc::api::API;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;

use super::api::Handle;
use super::negotiate;
use crate::error::{Error, Result};
use crate::load::faults::Faults;
use crate::load::viewer::{counting_peer, Received};

/// The videoroom's "no such feed": also its answer while the publisher's peer connection
/// is not up yet.
const NO_SUCH_FEED: u64 = 428;
/// How often, 100 ms apart, a subscriber asks again for a feed that is not up yet.
const FEED_ATTEMPTS: u32 = 300;

/// Subscribes to `feed` in `room` through `handle`, once the feed is up; the peer counts
/// into `received` and `faults`.
pub async fn subscribe(api: &API, handle: &mut Handle, room: u64, feed: u64, received: &Arc<Received>, faults: &Arc<Faults>) -> Result<Arc<RTCPeerConnection>> {
    let join = json!({ "request": "join", "ptype": "subscriber", "room": room, "streams": [{ "feed": feed }] });
    let mut attempts = 0;
    let reply = loop {
        match handle.send(join.clone(), None).await {
            Err(Error::JanusRefused { code: NO_SUCH_FEED, .. }) if attempts < FEED_ATTEMPTS => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            outcome => break outcome?,
        }
    };
    let offer = negotiate::remote_description(reply.jsep, "offer")?;
    let pc = counting_peer(api, received, faults).await?;
    pc.set_remote_description(RTCSessionDescription::offer(offer)?).await?;
    let answer = pc.create_answer(None).await?;
    let answer = negotiate::describe_local(&pc, answer).await?;
    handle.send(json!({ "request": "start", "room": room }), Some(answer)).await?;
    Ok(pc)
}
