//! `direct`: the floor for glass-to-glass latency. The same camera, encoder and
//! publisher as the phone, but the peer connection goes straight to the browser,
//! with no relay in between.
//!
//! Signaling runs over stdin/stdout in the relay protocol's JSON shapes: this side
//! prints `offer` and `candidate` messages; the browser's `answer` and `candidate`
//! messages come in on stdin, one per line.

use std::sync::Arc;

use sightline_sdk_core::camera::Camera;
use sightline_sdk_core::media::{ConnectionState, NetworkPolicy, Publisher, PublisherConfig, PublisherEvent};
use sightline_wire::signal::{ClientMessage, ServerMessage};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::camera_args::{default_camera, CameraArgs};
use crate::error::{Error, Result};
use crate::feed;
use crate::{report, shutdown};

#[derive(Debug, clap::Args)]
pub struct DirectArgs {
    #[command(flatten)]
    camera: CameraArgs,
}

fn send(message: ClientMessage) {
    println!("{}", message.to_json());
}

pub async fn run(args: DirectArgs) -> Result<()> {
    let mut config = PublisherConfig::default();
    config.network = NetworkPolicy::LoopbackOnly;
    config.encoder.fps = args.camera.fps;
    let (publisher, mut events) = Publisher::new(config).await?;
    let publisher = Arc::new(publisher);
    send(ClientMessage::Offer { sdp: publisher.create_offer().await? });

    let camera = Arc::new(default_camera()?);
    camera.start(args.camera.camera_config())?;
    let pushing = publisher.clone();
    let _feed = feed::start(camera, args.camera.fps, move |input| pushing.push(input));

    let mut stdin = BufReader::new(tokio::io::stdin()).lines();
    let outcome = loop {
        tokio::select! {
            line = stdin.next_line() => match line? {
                Some(line) => incoming(&publisher, &line).await?,
                None => break Ok(()),
            },
            event = events.recv() => match event {
                Some(PublisherEvent::LocalCandidate(candidate)) => send(ClientMessage::Candidate { candidate }),
                Some(PublisherEvent::ConnectionState(state)) => {
                    report::line(serde_json::json!({ "connection": format!("{state:?}"), "unix_ms": report::unix_ms() }));
                    if state == ConnectionState::Failed {
                        break Err(Error::Signaling("the direct peer connection failed".into()));
                    }
                }
                Some(_) => {}
                None => break Ok(()),
            },
            _ = shutdown::requested() => break Ok(()),
        }
    };
    publisher.close().await?;
    outcome
}

/// The browser's answer or a candidate it trickled.
async fn incoming(publisher: &Publisher, line: &str) -> Result<()> {
    match ServerMessage::parse(line).map_err(|err| Error::Signaling(err.to_string()))? {
        ServerMessage::Answer { sdp } => publisher.accept_answer(sdp).await?,
        ServerMessage::Candidate { candidate } if !candidate.candidate.is_empty() => {
            // Off-loopback candidates are refused by the loopback-only policy; the others still connect.
            if let Err(err) = publisher.add_remote_candidate(candidate).await {
                tracing::debug!(%err, "a browser candidate was refused");
            }
        }
        other => tracing::debug!(?other, "ignored"),
    }
    Ok(())
}
