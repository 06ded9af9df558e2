//! The SDK's join steps (`sightline_rtc::JOIN_TRACE` events) as JSON lines on stdout,
//! `{"join_step": …, "unix_ms": …}`, next to the frames' capture times.

use std::fmt;

use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::{Context, Filter, Layer};

use crate::report;

/// Prints every join step when it happens.
pub struct JoinSteps;

impl JoinSteps {
    /// Only the join's events reach this layer, whatever else is logged.
    pub fn filter<S>() -> impl Filter<S> {
        filter_fn(|metadata| metadata.target() == sightline_rtc::JOIN_TRACE)
    }
}

impl<S: Subscriber> Layer<S> for JoinSteps {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut step = Step(None);
        event.record(&mut step);
        if let Some(step) = step.0 {
            report::line(serde_json::json!({ "join_step": step, "unix_ms": report::unix_ms() }));
        }
    }
}

/// The event's `step` field.
struct Step(Option<String>);

impl Visit for Step {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "step" {
            self.0 = Some(value.to_owned());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "step" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}
