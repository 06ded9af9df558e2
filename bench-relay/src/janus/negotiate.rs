//! SDP in Janus's JSEP objects, without trickle: a description is sent once its ICE
//! candidates are gathered, and Janus's carry theirs.

use serde_json::{json, Value};
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;

use crate::error::{Error, Result};

/// Applies `description` locally, waits for ICE gathering and returns the JSEP to send.
pub async fn describe_local(pc: &RTCPeerConnection, description: RTCSessionDescription) -> Result<Value> {
    let mut gathered = pc.gathering_complete_promise().await;
    let kind = description.sdp_type.to_string();
    pc.set_local_description(description).await?;
    let _ = gathered.recv().await;
    let sdp = pc.local_description().await.map(|d| d.sdp).ok_or_else(|| Error::Signaling("no local description".into()))?;
    Ok(json!({ "type": kind, "sdp": sdp, "trickle": false }))
}

/// The SDP of the `kind` ("offer" or "answer") Janus sent with an event.
pub fn remote_description(jsep: Option<Value>, kind: &str) -> Result<String> {
    let jsep = jsep.ok_or_else(|| Error::Janus(format!("no {kind} from Janus")))?;
    if jsep["type"] != kind {
        return Err(Error::Janus(format!("expected an {kind}, got {}", jsep["type"])));
    }
    jsep["sdp"].as_str().map(str::to_owned).ok_or_else(|| Error::Janus(format!("no SDP in the {kind}")))
}
