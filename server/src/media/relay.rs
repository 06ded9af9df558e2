//! The node's media relay: one `SessionMedia` per session with live media here.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::Mutex;

use std::time::SystemTime;

use sightline_rtc::{build_relay_api, ice_servers_to_rtc, NetworkSettings};
use webrtc::api::API;

use super::events::MediaEvents;
use super::ice_servers::IceServers;
use super::session_media::SessionMedia;
use crate::error::{Error, Result};

/// How the relay reaches phones and browsers.
#[derive(Debug, Clone, Default)]
pub struct RelaySettings {
    pub network: NetworkSettings,
    /// STUN/TURN servers the relay uses and hands to every participant.
    pub ice_servers: IceServers,
}

/// Gauges an operator watches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelayCounts {
    /// Sessions whose phone is streaming.
    pub sessions_live: usize,
    /// Phone streams received.
    pub streams_published: usize,
    /// Technician streams sent.
    pub streams_forwarded: usize,
}

pub struct Relay {
    api: Arc<API>,
    pub settings: RelaySettings,
    events: Arc<dyn MediaEvents>,
    sessions: Mutex<HashMap<String, Arc<SessionMedia>>>,
}

impl Relay {
    /// A relay reporting what happens to `events`.
    pub fn new(settings: RelaySettings, events: Arc<dyn MediaEvents>) -> Result<Relay> {
        let api = build_relay_api(&settings.network).map_err(|err| Error::Internal(format!("cannot set up WebRTC: {err}")))?;
        Ok(Relay {
            api: Arc::new(api),
            settings,
            events,
            sessions: Mutex::new(HashMap::new()),
        })
    }

    /// The media of a session, created on first use.
    pub fn session(&self, session_id: &str) -> Arc<SessionMedia> {
        let mut sessions = self.sessions.lock();
        sessions
            .entry(session_id.to_owned())
            .or_insert_with(|| Arc::new(SessionMedia::new(
                session_id.to_owned(),
                self.api.clone(),
                // The relay's own TURN credentials, fresh for each session's media.
                ice_servers_to_rtc(&self.settings.ice_servers.for_peer("relay", SystemTime::now())),
                self.settings.network.loopback_only,
                self.events.clone(),
            )))
            .clone()
    }

    /// The media of a session, if it has any here.
    pub fn existing(&self, session_id: &str) -> Option<Arc<SessionMedia>> {
        self.sessions.lock().get(session_id).cloned()
    }

    /// Ends a session's media (if any is here) and forgets it.
    pub async fn end(&self, session_id: &str) {
        let removed = self.sessions.lock().remove(session_id);
        if let Some(media) = removed {
            media.end().await;
        }
    }

    pub async fn counts(&self) -> RelayCounts {
        let sessions: Vec<Arc<SessionMedia>> =
            self.sessions.lock().values().cloned().collect();
        let mut counts = RelayCounts::default();
        for media in sessions {
            let (live, forwarded) = media.counts().await;
            if live {
                counts.sessions_live += 1;
                counts.streams_published += 1;
            }
            counts.streams_forwarded += forwarded;
        }
        counts
    }
}
