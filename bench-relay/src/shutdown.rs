//! Stopping on SIGTERM or Ctrl-C, as the benchmark scripts stop their helpers.

use tokio::signal::unix::{signal, SignalKind};

/// Resolves when the process is asked to stop.
pub async fn requested() {
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(err) => {
            tracing::warn!(%err, "no SIGTERM handler; stopping on Ctrl-C only");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
