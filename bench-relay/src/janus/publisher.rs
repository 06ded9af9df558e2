//! Publishers to a Janus videoroom: webrtc-rs peers that send the pre-encoded clip on one
//! VP8 track, rewound to its key frame whenever Janus asks for one (PLI or FIR), and a
//! pacer that pushes every publisher's next frame at the camera's rate.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::task::JoinHandle;
use webrtc::api::API;
use webrtc::media::Sample;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::rtcp::payload_feedbacks::full_intra_request::FullIntraRequest;
use webrtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;
use webrtc::rtp_transceiver::rtp_sender::RTCRtpSender;
use webrtc::track::track_local::track_local_static_sample::TrackLocalStaticSample;

use super::api::Handle;
use super::negotiate;
use crate::error::{Error, Result};
use crate::load::clip::Clip;

/// One publisher in its room.
pub struct Publisher {
    _pc: Arc<RTCPeerConnection>,
    track: Arc<TrackLocalStaticSample>,
    keyframe: Arc<AtomicBool>,
    position: usize,
    /// The publisher's id in the room, which subscribers name as the feed.
    pub feed: u64,
}

impl Publisher {
    /// Joins `room` as a publisher through `handle` and publishes a VP8 track.
    pub async fn join(api: &API, handle: &mut Handle, room: u64) -> Result<Publisher> {
        let joined = handle.send(json!({ "request": "join", "ptype": "publisher", "room": room }), None).await?.data;
        let feed = joined["id"].as_u64().ok_or_else(|| Error::Janus(format!("no publisher id in {joined}")))?;
        let pc = Arc::new(api.new_peer_connection(RTCConfiguration::default()).await?);
        let codec = sightline_rtc::video_codec("video/VP8").ok_or_else(|| Error::Janus("VP8 is not set up".into()))?;
        let (track, transceiver) = sightline_rtc::add_send_only_video(&pc, codec, "bench-camera").await?;
        let keyframe = Arc::new(AtomicBool::new(false));
        tokio::spawn(watch_feedback(transceiver.sender().await, keyframe.clone()));

        let offer = pc.create_offer(None).await?;
        let offer = negotiate::describe_local(&pc, offer).await?;
        let reply = handle.send(json!({ "request": "publish" }), Some(offer)).await?;
        let answer = negotiate::remote_description(reply.jsep, "answer")?;
        pc.set_remote_description(RTCSessionDescription::answer(answer)?).await?;
        Ok(Publisher { _pc: pc, track, keyframe, position: 0, feed })
    }

    /// Sends the clip's next frame, or its first (a key frame) when one was asked for.
    async fn push(&mut self, samples: &[Sample]) {
        if self.keyframe.swap(false, Ordering::AcqRel) {
            self.position = 0;
        }
        let Some(sample) = samples.get(self.position) else { return };
        self.position = (self.position + 1) % samples.len();
        if let Err(err) = self.track.write_sample(sample).await {
            tracing::debug!(%err, "a sample was not sent");
        }
    }
}

/// Pushes every publisher's next frame once per `period` until dropped.
pub struct Pacer {
    task: JoinHandle<()>,
}

impl Drop for Pacer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Pacer {
    pub fn start(mut publishers: Vec<Publisher>, clip: Clip, period: Duration) -> Pacer {
        let samples: Vec<Sample> = clip.samples.into_iter().map(|s| Sample { data: s.data.into(), duration: period, ..Default::default() }).collect();
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            loop {
                ticks.tick().await;
                for publisher in &mut publishers {
                    publisher.push(&samples).await;
                }
            }
        });
        Pacer { task }
    }
}

/// Reads the sender's RTCP (the NACK responder answers from it) and notes key frame requests.
async fn watch_feedback(sender: Arc<RTCRtpSender>, keyframe: Arc<AtomicBool>) {
    while let Ok((packets, _)) = sender.read_rtcp().await {
        if packets.iter().any(|p| p.as_any().is::<PictureLossIndication>() || p.as_any().is::<FullIntraRequest>()) {
            keyframe.store(true, Ordering::Release);
        }
    }
}
