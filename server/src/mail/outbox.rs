//! The `mail_outbox` table: mails waiting for delivery, claimed by one sender at a
//! time under a lease so that several server nodes never send the same mail.

use std::time::Duration;

use serde::Serialize;
use utoipa::ToSchema;

use super::sender;
use crate::db::{new_id, now_ms, Db};
use crate::error::{Error, Result};

/// A mail to send to one recipient, as plain text.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The organisation the mail is sent for (whose admins see it in the outbox).
    pub org_id: String,
    pub to_address: String,
    /// The recipient's display name; may be empty.
    pub to_name: String,
    pub subject: String,
    pub text_body: String,
}

/// Where a mail is on its way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    /// Waiting for its first delivery attempt (or for SMTP settings, in the local outbox).
    Queued,
    /// Delivery failed at least once; it is retried with backoff.
    Failing,
    /// An SMTP server accepted it.
    Sent,
}

/// One mail of the outbox as admins see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutboxEntry {
    pub id: String,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub text_body: String,
    pub state: MailState,
    /// Delivery attempts made so far.
    pub attempts: i64,
    /// Why the latest failed attempt failed.
    pub last_error: Option<String>,
    pub created_at: i64,
    /// When the next attempt is due (unsent mails).
    pub next_attempt_at: Option<i64>,
    pub sent_at: Option<i64>,
}

/// A mail this sender holds the lease on.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct Claimed {
    pub id: String,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub text_body: String,
    pub created_at: i64,
    pub attempts: i64,
    pub claim_token: String,
}

/// Puts a mail in the outbox and wakes the sender; returns the mail's id.
///
/// Pass `&mut *transaction` to enqueue as part of a larger change: the mail is
/// then sent only if that transaction commits (the sender also looks at the
/// outbox every second, so a wake before the commit loses nothing).
pub async fn enqueue<'e, E>(executor: E, mail: &Mail) -> Result<String>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    check(mail)?;
    let id = new_id();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO mail_outbox (id, org_id, to_address, to_name, subject, text_body, created_at, next_attempt_at, attempts) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 0)",
    )
    .bind(&id)
    .bind(&mail.org_id)
    .bind(mail.to_address.trim())
    .bind(mail.to_name.trim())
    .bind(mail.subject.trim())
    .bind(&mail.text_body)
    .bind(now)
    .execute(executor)
    .await?;
    sender::wake();
    Ok(id)
}

/// Refuses a mail no SMTP server could take, so that it fails at its caller, not forever in the outbox.
fn check(mail: &Mail) -> Result<()> {
    mail.to_address
        .trim()
        .parse::<lettre::Address>()
        .map_err(|err| Error::InvalidInput(format!("{:?} is not a mail address: {err}", mail.to_address)))?;
    for (field, value) in [("to_name", &mail.to_name), ("subject", &mail.subject)] {
        if value.chars().any(char::is_control) {
            return Err(Error::InvalidInput(format!("the mail's {field} must not contain control characters")));
        }
    }
    if mail.subject.trim().is_empty() {
        return Err(Error::InvalidInput("a mail needs a subject".to_owned()));
    }
    Ok(())
}

/// Takes the lease on the mail due longest, if any mail is due and not leased to another sender.
pub(super) async fn claim(db: &Db, lease: Duration) -> Result<Option<Claimed>> {
    let now = now_ms();
    let token = new_id();
    // The conditions are repeated outside the sub-select: PostgreSQL re-checks them on a
    // row another node claimed meanwhile, so only one of two racing claims succeeds.
    Ok(sqlx::query_as(
        "UPDATE mail_outbox SET claimed_until = $1, claim_token = $2 \
         WHERE id = (SELECT id FROM mail_outbox \
                     WHERE sent_at IS NULL AND next_attempt_at <= $3 AND (claimed_until IS NULL OR claimed_until < $3) \
                     ORDER BY next_attempt_at, created_at, id LIMIT 1) \
           AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3) \
         RETURNING id, to_address, to_name, subject, text_body, created_at, attempts, claim_token",
    )
    .bind(now + lease.as_millis() as i64)
    .bind(&token)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?)
}

/// Records that an SMTP server accepted the mail, keeping `kept_body` as its text (the text
/// without the recipient's secrets). False when the lease had been lost.
pub(super) async fn mark_sent(db: &Db, mail: &Claimed, kept_body: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1, claimed_until = NULL, claim_token = NULL, text_body = $4 \
         WHERE id = $2 AND claim_token = $3",
    )
    .bind(now_ms())
    .bind(&mail.id)
    .bind(&mail.claim_token)
    .bind(kept_body)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a failed attempt and when to try again.
pub(super) async fn mark_failed(db: &Db, mail: &Claimed, error: &str, retry_in: Duration) -> Result<()> {
    let now = now_ms();
    sqlx::query(
        "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, claimed_until = NULL, claim_token = NULL \
         WHERE id = $3 AND claim_token = $4",
    )
    .bind(error)
    .bind(now + retry_in.as_millis() as i64)
    .bind(&mail.id)
    .bind(&mail.claim_token)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The earliest time an unsent mail may be claimed (its attempt is due and no lease holds it).
pub(super) async fn next_due(db: &Db) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT MIN(CASE WHEN claimed_until IS NOT NULL AND claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END) \
         FROM mail_outbox WHERE sent_at IS NULL",
    )
    .fetch_one(&db.pool)
    .await?)
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: String,
    to_address: String,
    to_name: String,
    subject: String,
    text_body: String,
    created_at: i64,
    attempts: i64,
    last_error: Option<String>,
    next_attempt_at: i64,
    sent_at: Option<i64>,
}

/// The newest `limit` mails of an organisation, newest first.
pub(super) async fn list_for_org(db: &Db, org_id: &str, limit: i64) -> Result<Vec<OutboxEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT id, to_address, to_name, subject, text_body, created_at, attempts, last_error, next_attempt_at, sent_at \
         FROM mail_outbox WHERE org_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(org_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let state = match (row.sent_at, &row.last_error) {
                (Some(_), _) => MailState::Sent,
                (None, Some(_)) => MailState::Failing,
                (None, None) => MailState::Queued,
            };
            OutboxEntry {
                id: row.id,
                to_address: row.to_address,
                to_name: row.to_name,
                subject: row.subject,
                text_body: row.text_body,
                state,
                attempts: row.attempts,
                last_error: row.last_error,
                created_at: row.created_at,
                next_attempt_at: row.sent_at.is_none().then_some(row.next_attempt_at),
                sent_at: row.sent_at,
            }
        })
        .collect())
}

/// Unsent mails across all organisations.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Unsent {
    /// Never tried yet.
    pub queued: i64,
    /// Tried and failed, to be retried.
    pub failing: i64,
}

pub async fn unsent_counts(db: &Db) -> Result<Unsent> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN last_error IS NULL THEN 1 ELSE 0 END), 0) AS queued, \
                COALESCE(SUM(CASE WHEN last_error IS NULL THEN 0 ELSE 1 END), 0) AS failing \
         FROM mail_outbox WHERE sent_at IS NULL",
    )
    .fetch_one(&db.pool)
    .await?)
}
