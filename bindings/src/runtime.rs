//! The tokio runtime behind the SDK's async methods.
//!
//! Foreign callers drive the exported futures with their own executors (coroutines,
//! asyncio, Swift tasks), but the core's session needs tokio for its sockets, timers and
//! background task. Async methods therefore run their work on this runtime, started on first
//! use and kept for the life of the process: a session's background task lives on it.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Builder, Runtime};

use crate::SdkError;

/// Two workers: the session's signaling and WebRTC tasks are light, and encoding runs on a
/// thread of its own, so more would only compete with the app for the phone's cores.
const WORKER_THREADS: usize = 2;

static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();

fn runtime() -> Result<&'static Runtime, SdkError> {
    let built = RUNTIME.get_or_init(|| {
        Builder::new_multi_thread()
            .worker_threads(WORKER_THREADS)
            .thread_name("sightline")
            .enable_all()
            .build()
            .map_err(|error| error.to_string())
    });
    built.as_ref().map_err(|message| SdkError::Internal { detail: format!("cannot start the SDK runtime: {message}") })
}

/// Runs `future` on the SDK's runtime and awaits it from whatever executor polls the result.
pub(crate) async fn run<F>(future: F) -> Result<F::Output, SdkError>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    runtime()?
        .spawn(future)
        .await
        .map_err(|error| SdkError::Internal { detail: format!("an SDK task failed: {error}") })
}
