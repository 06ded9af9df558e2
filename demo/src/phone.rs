//! The demo's virtual phone: it joins a fresh session of the demo technician and
//! streams into it, and joins the next one whenever that session ends. Sessions an
//! earlier run left behind (their phone is gone) are ended first. It talks as an echo
//! test does: what a technician says comes back from the phone half a second later.

use std::sync::Arc;
use std::time::Duration;

use sightline_sdk_core::session::{ConnectionEvent, SessionListener, SessionState};
use sightline_virtual_phone::phone::{PhoneOptions, VirtualPhone};
use sightline_virtual_phone::tone::ToneArgs;

use sightline_server::accounts::technicians::Technician;
use sightline_server::sessions::lifecycle::{self, Starter};
use sightline_server::sessions::reconcile;
use sightline_server::{AppState, Result};

/// The phone's microphone: no tone of its own, only the echo of what it hears.
pub const ECHO: ToneArgs = ToneArgs { tone_hz: 0.0, tone_amplitude: 0.0, listen_hz: 660.0, echo_ms: 500 };

struct Log;

impl SessionListener for Log {
    fn on_state_changed(&self, state: SessionState) {
        tracing::info!(?state, "virtual phone");
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        tracing::debug!(?event, "virtual phone");
    }
}

/// Ends the sessions an earlier run left behind: their virtual phone lived in that
/// run's process, so none comes back and there is no grace to wait. Returns how many.
pub async fn end_left_behind(state: &AppState) -> Result<usize> {
    Ok(reconcile::end_abandoned(state, Duration::ZERO).await?.len())
}

async fn session_code(state: &AppState, starter: Starter<'_>) -> Result<String> {
    Ok(lifecycle::start(state, starter, None, false).await?.session.join_code)
}

/// Starts a session, joins the phone to it, and starts over when it ends.
pub async fn keep_streaming(state: AppState, owner: Technician, options: PhoneOptions) {
    loop {
        let starter = Starter { technician_id: &owner.id, org_id: &owner.org_id, display_name: &owner.display_name };
        match session_code(&state, starter).await {
            Ok(code) => match VirtualPhone::join_with_audio(PhoneOptions { code, ..options.clone() }, Arc::new(Log), ECHO, |_| {}).await {
                Ok(mut phone) => {
                    let reason = phone.ended().await;
                    tracing::info!(?reason, "the demo session ended; the virtual phone joins a new one");
                }
                Err(err) => tracing::warn!(%err, "the virtual phone could not join"),
            },
            Err(err) => tracing::warn!(%err, "could not start a demo session"),
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
