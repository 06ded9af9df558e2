//! What went wrong during a load run, by kind: a phone reconnecting or ending, its
//! samples refused, a viewer's peer connection failing, a viewer's live connection
//! stopping or the server refusing one of its messages. A soak passes with none.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde_json::{json, Value};

#[derive(Debug, Default)]
pub struct Faults {
    counts: Mutex<BTreeMap<&'static str, u64>>,
}

impl Faults {
    /// Counts one fault of `kind`.
    pub fn note(&self, kind: &'static str) {
        if let Ok(mut counts) = self.counts.lock() {
            *counts.entry(kind).or_default() += 1;
        }
    }

    /// Every kind seen so far with its count, and their total.
    pub fn fields(&self) -> (Value, u64) {
        let counts = self.counts.lock().map(|counts| counts.clone()).unwrap_or_default();
        let total = counts.values().sum();
        (json!(counts), total)
    }
}
