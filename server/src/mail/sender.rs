//! This node's mail sender: a background task that claims due outbox mails one at
//! a time, hands each to the SMTP server and records the outcome. A failed attempt
//! is retried with exponential backoff; a mail whose sender died is picked up again
//! when its lease ends.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Notify;
use tokio::task::AbortHandle;
use utoipa::ToSchema;

use super::links;
use super::outbox::{self, Claimed};
use super::smtp::SmtpClient;
use crate::db::{now_ms, Db};
use crate::error::{Error, Result};
use crate::metrics::Metrics;
use crate::settings::Settings;

/// Woken by every enqueue in this process.
static WAKE: Notify = Notify::const_new();

/// How often the outbox is looked at without a wake: it catches mail enqueued by
/// other nodes and mail whose transaction committed after its wake.
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How long a claimed mail stays reserved for this node.
const LEASE: Duration = Duration::from_secs(120);
/// Longest one delivery attempt may take; well inside the lease.
const SEND_LIMIT: Duration = Duration::from_secs(60);
const FIRST_RETRY: Duration = Duration::from_secs(1);
const LONGEST_RETRY: Duration = Duration::from_secs(5 * 60);

pub(super) fn wake() {
    WAKE.notify_waiters();
}

/// The handle on this node's sender, kept in the application state. Without SMTP
/// settings there is no sender and the outbox is the local outbox. The sender stops
/// when the last handle is dropped.
#[derive(Clone, Default)]
pub struct Mailer {
    sender: Option<Arc<SenderTask>>,
}

struct SenderTask(AbortHandle);

impl Drop for SenderTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Mailer {
    /// Starts the sender when `settings` has SMTP settings.
    pub fn start(db: &Db, settings: &Settings, metrics: &Arc<Metrics>) -> Result<Mailer> {
        let Some(smtp) = &settings.smtp else {
            return Ok(Mailer::default());
        };
        let client = SmtpClient::new(smtp, &settings.public_url)?;
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| Error::Internal("the mail sender must be started inside the tokio runtime".to_owned()))?;
        // Once delivered, the stored copy keeps no guest link's secret.
        let secret_links = settings.url_for("/guest/");
        let task = runtime.spawn(run(db.clone(), client, metrics.clone(), secret_links));
        tracing::info!(host = %smtp.host, port = smtp.port, security = ?smtp.security, "mail sender started");
        Ok(Mailer { sender: Some(Arc::new(SenderTask(task.abort_handle()))) })
    }

    /// True when mail leaves this server (SMTP is configured).
    pub fn delivers(&self) -> bool {
        self.sender.is_some()
    }

    /// Whether mails leave this server or only wait in its outbox.
    pub fn delivery(&self) -> Delivery {
        if self.delivers() {
            Delivery::Smtp
        } else {
            Delivery::Local
        }
    }
}

/// Whether the outbox's mails leave the server.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Mails are sent through the configured SMTP server.
    Smtp,
    /// No SMTP server is configured: mails are only kept here.
    Local,
}

async fn run(db: Db, client: SmtpClient, metrics: Arc<Metrics>, secret_links: String) {
    loop {
        // Listening before looking, so an enqueue between the look and the wait still wakes us.
        let woken = WAKE.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        let pause = match deliver_due(&db, &client, &metrics, &secret_links).await {
            Ok(pause) => pause,
            Err(err) => {
                tracing::warn!(error = %err, "the mail outbox cannot be read or updated");
                POLL_INTERVAL
            }
        };
        tokio::select! {
            _ = woken => {}
            _ = tokio::time::sleep(pause) => {}
        }
    }
}

/// Delivers every due mail; returns how long to wait until the next one is due.
async fn deliver_due(db: &Db, client: &SmtpClient, metrics: &Metrics, secret_links: &str) -> Result<Duration> {
    while let Some(mail) = outbox::claim(db, LEASE).await? {
        deliver(db, client, metrics, mail, secret_links).await?;
    }
    Ok(match outbox::next_due(db).await? {
        Some(at) => Duration::from_millis((at - now_ms()).clamp(0, POLL_INTERVAL.as_millis() as i64) as u64),
        None => POLL_INTERVAL,
    })
}

async fn deliver(db: &Db, client: &SmtpClient, metrics: &Metrics, mail: Claimed, secret_links: &str) -> Result<()> {
    let outcome = match tokio::time::timeout(SEND_LIMIT, client.send(&mail)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(format!("the SMTP server did not finish within {} s", SEND_LIMIT.as_secs())),
    };
    match outcome {
        Ok(()) => {
            metrics.mail_sent.inc();
            if !outbox::mark_sent(db, &mail, &links::hide(&mail.text_body, secret_links)).await? {
                tracing::warn!(mail = %mail.id, "a mail was sent after its lease ended; another node may send it again");
            }
        }
        Err(error) => {
            metrics.mail_failed_attempts.inc();
            let retry_in = backoff(mail.attempts + 1);
            tracing::warn!(mail = %mail.id, attempt = mail.attempts + 1, %error, retry_in_secs = retry_in.as_secs(), "mail delivery failed");
            outbox::mark_failed(db, &mail, &error, retry_in).await?;
        }
    }
    Ok(())
}

/// The wait after the `attempts`-th failure: 1 s, 2 s, 4 s … at most 5 minutes.
fn backoff(attempts: i64) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 16) as u32;
    FIRST_RETRY.saturating_mul(1 << doublings).min(LONGEST_RETRY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_five_minutes() {
        let waits: Vec<u64> = (1..=11).map(|attempt| backoff(attempt).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(backoff(i64::MAX), LONGEST_RETRY);
    }
}
