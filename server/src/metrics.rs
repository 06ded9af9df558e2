//! Prometheus metrics: request counts, and session counts read from the database
//! at scrape time so that every node reports the cluster's truth.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::media::RelayCounts;

/// Sessions not ended, by state, as stored at scrape time.
#[derive(Debug, Clone, Copy)]
pub struct SessionCounts {
    pub waiting: i64,
    pub connected: i64,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    pub status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabels {
    pub status: String,
}

pub struct Metrics {
    registry: Registry,
    pub http_requests: Family<RequestLabels, Counter>,
    sessions: Family<StatusLabels, Gauge<i64, std::sync::atomic::AtomicI64>>,
    technicians_signed_in: Gauge<u64, AtomicU64>,
    sessions_live: Gauge<u64, AtomicU64>,
    streams_published: Gauge<u64, AtomicU64>,
    streams_forwarded: Gauge<u64, AtomicU64>,
    /// Mails this node handed to the SMTP server.
    pub mail_sent: Counter,
    /// Delivery attempts of this node that failed (each is retried).
    pub mail_failed_attempts: Counter,
    mail_unsent: Family<StatusLabels, Gauge<i64, std::sync::atomic::AtomicI64>>,
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("sightline");
        let http_requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered, by method and status", http_requests.clone());
        let sessions = Family::<StatusLabels, Gauge<i64, std::sync::atomic::AtomicI64>>::default();
        registry.register("sessions", "Sessions not yet ended, by status, across all nodes", sessions.clone());
        let technicians_signed_in = Gauge::<u64, AtomicU64>::default();
        registry.register("technicians_signed_in", "Technicians with an unexpired console sign-in", technicians_signed_in.clone());
        let node_gauge = |registry: &mut Registry, name: &str, help: &str| {
            let gauge = Gauge::<u64, AtomicU64>::default();
            registry.register(name, help, gauge.clone());
            gauge
        };
        let sessions_live = node_gauge(&mut registry, "sessions_live", "Sessions whose phone streams through this node");
        let streams_published = node_gauge(&mut registry, "streams_published", "Phone video streams received by this node");
        let streams_forwarded = node_gauge(&mut registry, "streams_forwarded", "Technician video streams sent by this node");
        let mail_sent = Counter::default();
        registry.register("mail_sent", "Mails this node handed to the SMTP server", mail_sent.clone());
        let mail_failed_attempts = Counter::default();
        registry.register("mail_failed_attempts", "Mail delivery attempts of this node that failed", mail_failed_attempts.clone());
        let mail_unsent = Family::<StatusLabels, Gauge<i64, std::sync::atomic::AtomicI64>>::default();
        registry.register("mail_unsent", "Mails in the outbox not yet sent, by state (queued, failing), across all nodes", mail_unsent.clone());
        Metrics {
            registry,
            http_requests,
            sessions,
            technicians_signed_in,
            sessions_live,
            streams_published,
            streams_forwarded,
            mail_sent,
            mail_failed_attempts,
            mail_unsent,
        }
    }

    /// Refreshes the database-backed gauges and renders everything as Prometheus text.
    pub async fn render(&self, db: &Db, relay: RelayCounts, sessions: SessionCounts) -> Result<String> {
        self.sessions_live.set(relay.sessions_live as u64);
        self.streams_published.set(relay.streams_published as u64);
        self.streams_forwarded.set(relay.streams_forwarded as u64);
        for (status, count) in [("waiting", sessions.waiting), ("connected", sessions.connected)] {
            self.sessions.get_or_create(&StatusLabels { status: status.to_owned() }).set(count);
        }
        let signed_in = crate::auth::store::signed_in_technicians(db, crate::db::now_ms()).await?;
        self.technicians_signed_in.set(signed_in.max(0) as u64);
        let unsent = crate::mail::unsent_counts(db).await?;
        for (state, count) in [("queued", unsent.queued), ("failing", unsent.failing)] {
            self.mail_unsent.get_or_create(&StatusLabels { status: state.to_owned() }).set(count);
        }
        let mut out = String::new();
        encode(&mut out, &self.registry).map_err(|err| Error::Internal(format!("cannot encode metrics: {err}")))?;
        Ok(out)
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
