//! The session's background task: signaling and media, reconnection, state.

use std::sync::Arc;
use std::time::Duration;

use sightline_wire::signal::{CameraState, ClientMessage, IceServer, ServerMessage};
use sightline_rtc::JOIN_TRACE;
use tokio::sync::mpsc;
use tokio::time::{sleep, Instant};

use super::signaling::{session_connection, Incoming, Signaling};
use super::state::{ConnectionEvent, EndReason, SessionState};
use super::commands::{self, Report};
use super::upload::Uploader;
use super::{SessionConfig, SessionControl, Shared};
use crate::camera::Camera;
use crate::media::{ConnectionState, NetworkPolicy, Publisher, PublisherConfig, PublisherEvent};
use crate::{Error, Result};

/// How long the SDK keeps trying to get back to the server before giving up.
const RECONNECT_LIMIT: Duration = Duration::from_secs(120);
const BACKOFF_START: Duration = Duration::from_millis(250);
const BACKOFF_MAX: Duration = Duration::from_secs(4);
/// How long ending the session waits for the server's confirmation.
const END_CONFIRMATION: Duration = Duration::from_secs(5);

/// How one signaling connection ended.
enum Outcome {
    Ended(EndReason),
    Lost,
}

pub(super) struct Driver {
    config: SessionConfig,
    session_id: String,
    token: String,
    camera: Arc<dyn Camera>,
    uploader: Arc<Uploader>,
    shared: Arc<Shared>,
    controls: mpsc::UnboundedReceiver<SessionControl>,
    reports: mpsc::UnboundedSender<Report>,
    report_rx: mpsc::UnboundedReceiver<Report>,
    viewers: u32,
    media_connected: bool,
    /// Set after a loss until media flows again.
    recovering: bool,
}

impl Driver {
    pub fn new(config: SessionConfig, session_id: String, token: String, camera: Arc<dyn Camera>, shared: Arc<Shared>, controls: mpsc::UnboundedReceiver<SessionControl>) -> Result<Driver> {
        let (reports, report_rx) = mpsc::unbounded_channel();
        let uploader = Arc::new(Uploader::new(&config.server_url, token.clone())?);
        Ok(Driver { config, session_id, token, camera, uploader, shared, controls, reports, report_rx, viewers: 0, media_connected: false, recovering: false })
    }

    pub async fn run(mut self, first: Signaling) {
        let mut signaling = first;
        loop {
            let outcome = self.connection(&mut signaling).await;
            self.drop_publisher().await;
            match outcome {
                Outcome::Ended(reason) => return self.finish(signaling, reason).await,
                Outcome::Lost => {
                    self.shared.listener.on_connection_event(ConnectionEvent::SignalingLost);
                    self.recovering = true;
                    self.media_connected = false;
                    self.update_state();
                    match self.reconnect().await {
                        Ok(next) => signaling = next,
                        Err(reason) => return self.finish(signaling, reason).await,
                    }
                }
            }
        }
    }

    /// Serves one signaling connection: waits for the welcome, publishes, relays.
    async fn connection(&mut self, signaling: &mut Signaling) -> Outcome {
        let ice_servers = loop {
            match signaling.recv().await {
                Incoming::Message(ServerMessage::Welcome { ice_servers, .. }) => {
                    tracing::debug!(target: JOIN_TRACE, peer = "phone", step = "welcome", "session connection up");
                    break ice_servers;
                }
                Incoming::Message(message) => {
                    if let Some(outcome) = self.common(message) {
                        return outcome;
                    }
                }
                Incoming::Closed => return Outcome::Lost,
            }
        };
        self.shared.listener.on_connection_event(ConnectionEvent::SignalingConnected);
        if signaling.send(&ClientMessage::CameraState { camera: self.restore_camera().await }).await.is_err() {
            return Outcome::Lost;
        }
        if self.send_audio(signaling).await.is_err() || self.send_network(signaling).await.is_err() || self.send_video(signaling).await.is_err() || self.send_pending_chat(signaling).await.is_err() {
            return Outcome::Lost;
        }
        let Ok(mut events) = self.publish(signaling, &ice_servers).await else { return Outcome::Lost };
        loop {
            tokio::select! {
                incoming = signaling.recv() => match incoming {
                    Incoming::Closed => return Outcome::Lost,
                    Incoming::Message(message) => {
                        if let Err(err) = self.media_message(&message).await {
                            tracing::warn!(%err, "a media message from the server failed");
                        }
                        if let Some(outcome) = self.common(message) {
                            return outcome;
                        }
                    }
                },
                event = events.recv() => {
                    let Some(event) = event else { return Outcome::Lost };
                    match self.publisher_event(signaling, event, &ice_servers).await {
                        Ok(Some(fresh)) => events = fresh,
                        Ok(None) => {}
                        Err(err) => {
                            tracing::warn!(%err, "signaling failed");
                            return Outcome::Lost;
                        }
                    }
                }
                Some(report) = self.report_rx.recv() => {
                    let message = match report {
                        Report::Done { id, outcome } => ClientMessage::CommandDone { id, outcome },
                        Report::Found { id, results } => {
                            let codes = results.iter().map(commands::scanned).collect();
                            self.shared.listener.on_codes_found(results);
                            ClientMessage::ScanResults { id, results: codes }
                        }
                    };
                    if signaling.send(&message).await.is_err() {
                        return Outcome::Lost;
                    }
                }
                control = self.controls.recv() => match control {
                    Some(SessionControl::End) | None => return self.end_session(signaling).await,
                    // The old paths may be dead: start over on the new network.
                    Some(SessionControl::NetworkChanged) => return Outcome::Lost,
                    Some(SessionControl::AudioChanged) => if self.send_audio(signaling).await.is_err() {
                        return Outcome::Lost;
                    },
                    Some(SessionControl::NetworkReported) => if self.send_network(signaling).await.is_err() {
                        return Outcome::Lost;
                    },
                    Some(SessionControl::VideoChanged) => if self.send_video(signaling).await.is_err() {
                        return Outcome::Lost;
                    },
                    Some(SessionControl::Chat(outgoing)) => if send_chat(signaling, outgoing).await.is_err() {
                        return Outcome::Lost;
                    },
                }
            }
        }
    }

    /// Applies the technicians' torch and zoom to the camera again (a platform camera
    /// may have reset them while the phone was away) and returns the camera's state.
    async fn restore_camera(&self) -> CameraState {
        let (camera, settings) = (self.camera.clone(), self.shared.camera_settings.clone());
        let restored = tokio::task::spawn_blocking(move || {
            let settings = *settings.lock();
            if let Err(err) = settings.restore(camera.as_ref()) {
                tracing::warn!(%err, "the camera refused its earlier torch or zoom");
            }
            settings.state(&camera.capabilities())
        });
        restored.await.unwrap_or_default()
    }

    /// Tells the server the app's audio status and the phone's mute, in a session with audio.
    async fn send_audio(&self, signaling: &mut Signaling) -> Result<()> {
        if self.shared.audio.is_none() {
            return Ok(());
        }
        let status = *self.shared.audio_status.lock();
        if let Some(status) = status {
            signaling.send(&ClientMessage::AudioStatus { status }).await?;
        }
        let muted = *self.shared.muted.lock();
        signaling.send(&ClientMessage::Mute { muted }).await
    }

    /// Tells the server the phone's network, once the app reported one.
    async fn send_network(&self, signaling: &mut Signaling) -> Result<()> {
        let network = *self.shared.network.lock();
        match network {
            Some(network) => signaling.send(&ClientMessage::Network { network }).await,
            None => Ok(()),
        }
    }

    /// Tells the server whether the customer lets the picture out.
    async fn send_video(&self, signaling: &mut Signaling) -> Result<()> {
        signaling.send(&ClientMessage::Video { state: self.shared.video.state() }).await
    }

    /// Sends the chat messages the server has not confirmed (again: it keeps one per id).
    async fn send_pending_chat(&self, signaling: &mut Signaling) -> Result<()> {
        for outgoing in self.shared.chat.pending() {
            send_chat(signaling, outgoing).await?;
        }
        Ok(())
    }

    /// Asks the server to end the session and waits (briefly) until it confirms, so the
    /// app hears "ended" only once the session really is.
    async fn end_session(&mut self, signaling: &mut Signaling) -> Outcome {
        if signaling.send(&ClientMessage::EndSession).await.is_ok() {
            let confirmed = tokio::time::timeout(END_CONFIRMATION, async {
                loop {
                    match signaling.recv().await {
                        Incoming::Message(ServerMessage::Ended { .. }) | Incoming::Closed => return,
                        Incoming::Message(_) => {}
                    }
                }
            });
            if confirmed.await.is_err() {
                tracing::warn!("the server did not confirm the end of the session");
            }
        }
        Outcome::Ended(EndReason::CustomerEnded)
    }

    /// Starts a fresh publisher (new ICE) and sends its offer.
    async fn publish(&mut self, signaling: &mut Signaling, ice_servers: &[IceServer]) -> Result<mpsc::UnboundedReceiver<PublisherEvent>> {
        self.drop_publisher().await;
        let mut config = PublisherConfig::default();
        config.codec = self.config.codec;
        config.encoder = self.config.encoder.clone();
        config.holdback = self.shared.video.holdback();
        config.network = if self.config.loopback_only { NetworkPolicy::LoopbackOnly } else { NetworkPolicy::Any };
        if !self.config.loopback_only {
            config.ice_servers = ice_servers.to_vec();
        }
        let (publisher, events) = Publisher::with_voice(config, self.shared.audio.clone()).await?;
        let publisher = Arc::new(publisher);
        let offer = publisher.create_offer().await?;
        self.shared.set_publisher(Some(publisher));
        signaling.send(&ClientMessage::Offer { sdp: offer }).await?;
        tracing::debug!(target: JOIN_TRACE, peer = "phone", step = "offer_sent", "offer sent");
        Ok(events)
    }

    /// Answer and candidates from the relay go to the publisher.
    async fn media_message(&self, message: &ServerMessage) -> Result<()> {
        let Some(publisher) = self.shared.publisher() else { return Ok(()) };
        match message {
            ServerMessage::Answer { sdp } => {
                tracing::debug!(target: JOIN_TRACE, peer = "phone", step = "answer_received", "answer received");
                publisher.accept_answer(sdp.clone()).await
            }
            ServerMessage::Candidate { candidate } if !candidate.candidate.is_empty() => publisher.add_remote_candidate(candidate.clone()).await,
            _ => Ok(()),
        }
    }

    /// Messages every connection phase handles; `Some` ends the connection.
    fn common(&mut self, message: ServerMessage) -> Option<Outcome> {
        match message {
            ServerMessage::Command { id, command, .. } => {
                let tools = commands::Tools {
                    camera: self.camera.clone(),
                    settings: self.shared.camera_settings.clone(),
                    scans: self.shared.scans.clone(),
                    uploader: self.uploader.clone(),
                    freeze: self.shared.freeze.clone(),
                    video: self.shared.video.clone(),
                };
                tokio::spawn(commands::execute(id, command, tools, self.reports.clone()));
            }
            // On (re)connecting: the session's freeze, as the technicians see it.
            ServerMessage::Freeze { still } => self.shared.freeze.set(still.is_some()),
            ServerMessage::Recording { on } => {
                self.shared.listener.on_connection_event(ConnectionEvent::RecordingChanged { recording: on });
            }
            ServerMessage::Ended { reason } => return Some(Outcome::Ended(EndReason::from_wire(reason))),
            ServerMessage::Viewers { count } => {
                self.viewers = count;
                self.shared.listener.on_connection_event(ConnectionEvent::ViewersChanged { count });
                self.update_state();
            }
            message @ (ServerMessage::AnnotationAdded { .. }
            | ServerMessage::AnnotationRemoved { .. }
            | ServerMessage::AnnotationsCleared
            | ServerMessage::Annotations { .. }) => self.shared.overlay.apply(message),
            message @ (ServerMessage::Chat { .. } | ServerMessage::ChatHistory { .. }) => self.shared.chat.apply(message),
            ServerMessage::Error { code, message } => {
                if code == "invalid_token" {
                    return Some(Outcome::Ended(EndReason::Failed { message }));
                }
                self.shared.listener.on_connection_event(ConnectionEvent::ServerError { code, message });
            }
            _ => {}
        }
        None
    }

    /// Returns a fresh event stream when the publisher had to be replaced.
    async fn publisher_event(
        &mut self,
        signaling: &mut Signaling,
        event: PublisherEvent,
        ice_servers: &[IceServer],
    ) -> Result<Option<mpsc::UnboundedReceiver<PublisherEvent>>> {
        match event {
            PublisherEvent::LocalCandidate(candidate) => signaling.send(&ClientMessage::Candidate { candidate }).await?,
            PublisherEvent::KeyframeRequested => self.shared.listener.on_connection_event(ConnectionEvent::KeyframeRequested),
            PublisherEvent::ConnectionState(ConnectionState::Connected) => {
                let event = if self.recovering { ConnectionEvent::IceReconnected } else { ConnectionEvent::IceConnected };
                self.media_connected = true;
                self.recovering = false;
                self.shared.listener.on_connection_event(event);
                self.update_state();
            }
            PublisherEvent::ConnectionState(ConnectionState::Disconnected) => {
                self.media_connected = false;
                self.recovering = true;
                self.update_state();
            }
            PublisherEvent::ConnectionState(ConnectionState::Failed) => {
                // The network changed under the media: new ICE over the same signaling.
                self.shared.listener.on_connection_event(ConnectionEvent::IceFailed);
                self.media_connected = false;
                self.recovering = true;
                self.update_state();
                return Ok(Some(self.publish(signaling, ice_servers).await?));
            }
            _ => {}
        }
        Ok(None)
    }

    /// Gets a new signaling connection with the session's token, backing off.
    async fn reconnect(&mut self) -> std::result::Result<Signaling, EndReason> {
        let started = Instant::now();
        let mut backoff = BACKOFF_START;
        loop {
            tokio::select! {
                _ = sleep(backoff) => {}
                control = self.controls.recv() => match control {
                    Some(SessionControl::End) | None => return Err(EndReason::CustomerEnded),
                    Some(SessionControl::NetworkChanged) => backoff = BACKOFF_START,
                    // Sent once the connection is back.
                    Some(SessionControl::AudioChanged | SessionControl::NetworkReported | SessionControl::VideoChanged | SessionControl::Chat(_)) => {}
                }
            }
            match session_connection(&self.config.server_url, &self.session_id, &self.token).await {
                Ok(signaling) => return Ok(signaling),
                Err(err) => tracing::debug!(%err, "reconnect attempt failed"),
            }
            if started.elapsed() > RECONNECT_LIMIT {
                return Err(EndReason::Failed { message: Error::Signaling("the server stayed unreachable".into()).to_string() });
            }
            backoff = (backoff * 2).min(BACKOFF_MAX);
        }
    }

    fn update_state(&self) {
        let state = if self.recovering {
            SessionState::Reconnecting
        } else if self.viewers == 0 {
            SessionState::WaitingForTechnician
        } else if self.media_connected {
            SessionState::Live
        } else {
            SessionState::Connecting
        };
        self.shared.set_state(state);
    }

    async fn drop_publisher(&self) {
        let publisher = self.shared.publisher.lock().take();
        if let Some(publisher) = publisher {
            if let Err(err) = publisher.close().await {
                tracing::debug!(%err, "closing the publisher");
            }
        }
    }

    async fn finish(self, signaling: Signaling, reason: EndReason) {
        self.shared.scans.stop();
        signaling.close().await;
        if let Err(err) = self.camera.stop() {
            tracing::debug!(%err, "stopping the camera");
        }
        if let Some(Err(err)) = self.shared.audio.as_ref().map(|audio| audio.stop_capture()) {
            tracing::debug!(%err, "stopping the audio capture");
        }
        self.shared.set_state(SessionState::Ended { reason });
    }
}

/// Sends one chat message of the customer's.
async fn send_chat(signaling: &mut Signaling, outgoing: super::chat::Outgoing) -> Result<()> {
    signaling.send(&ClientMessage::Chat { client_id: outgoing.client_id, text: outgoing.text }).await
}
