//! `phone`: a virtual phone that joins through the relay like the real one, and
//! prints when it started joining and when each frame was captured.

use std::sync::Arc;
use std::time::Duration;

use sightline_sdk_core::session::{ConnectionEvent, Session, SessionConfig, SessionListener, SessionState};
use tokio::sync::mpsc;

use crate::camera_args::{default_camera, CameraArgs};
use crate::error::Result;
use crate::feed;
use crate::{report, shutdown};

#[derive(Debug, clap::Args)]
pub struct PhoneArgs {
    /// The Sightline server, e.g. http://127.0.0.1:8080
    #[arg(long)]
    server: String,
    /// The join code.
    code: String,
    #[command(flatten)]
    camera: CameraArgs,
}

/// Prints states and events, and says when the session ended.
struct Printer {
    ended: mpsc::UnboundedSender<()>,
}

impl SessionListener for Printer {
    fn on_state_changed(&self, state: SessionState) {
        report::line(serde_json::json!({ "state": format!("{state:?}"), "unix_ms": report::unix_ms() }));
        if matches!(state, SessionState::Ended { .. }) {
            let _ = self.ended.send(());
        }
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        report::line(serde_json::json!({ "event": format!("{event:?}"), "unix_ms": report::unix_ms() }));
    }
}

pub async fn run(args: PhoneArgs) -> Result<()> {
    let camera = Arc::new(default_camera()?);
    let mut config = SessionConfig::new(args.server, args.code);
    config.display_name = Some("Benchmark phone".into());
    config.loopback_only = true;
    config.camera = args.camera.camera_config();
    config.encoder.fps = args.camera.fps;
    let (ended, mut ended_rx) = mpsc::unbounded_channel();
    report::line(serde_json::json!({ "join_start_ms": report::unix_ms() }));
    let session = Session::join(config, camera.clone(), Arc::new(Printer { ended })).await?;
    let pushing = session.clone();
    let _feed = feed::start(camera, args.camera.fps, move |input| pushing.push(input));
    tokio::select! {
        _ = ended_rx.recv() => {}
        _ = shutdown::requested() => {
            session.end();
            let _ = tokio::time::timeout(Duration::from_secs(2), ended_rx.recv()).await;
        }
    }
    Ok(())
}
