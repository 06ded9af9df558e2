//! The console's words agree with the shared vocabulary: its feature labels are the role
//! table's features in the table's order, each collaborator role's ceiling is the server's
//! role table, and the phone states, video states and end reasons it labels are words the server sends.

use std::collections::BTreeSet;

use sightline_server::sessions::rights::role_allows;
use sightline_wire::{EndReason, Feature, PhoneState, Role, VideoState};

fn console_file(path: &str) -> String {
    let full = format!("{}/console/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|err| panic!("{full}: {err}"))
}

/// The text between `start` and the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?} in the console file")) + start.len();
    let length = text[from..].find(end).unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &text[from..from + length]
}

/// The keys of a JavaScript object literal's body (`key: 'label', ...`), in order.
fn object_keys(body: &str) -> Vec<String> {
    body.split(',')
        .filter_map(|entry| entry.split_once(':'))
        .map(|(key, _)| key.trim().to_owned())
        .collect()
}

/// The quoted words of a JavaScript expression (`['a', 'b']`, `f !== 'c'`), in order.
fn quoted(text: &str) -> Vec<String> {
    text.split('\'').skip(1).step_by(2).map(str::to_owned).collect()
}

fn names<T: ToString>(words: impl IntoIterator<Item = T>) -> Vec<String> {
    words.into_iter().map(|w| w.to_string()).collect()
}

#[test]
fn the_console_labels_every_feature_of_the_role_table_in_its_order() {
    let features = console_file("session/features.js");
    let labelled = object_keys(between(&features, "FEATURE_LABELS = {", "};"));
    assert_eq!(labelled, names(Feature::ALL), "FEATURE_LABELS in session/features.js");
}

#[test]
fn the_console_ceilings_are_the_server_role_table() {
    let features = console_file("session/features.js");
    let never_secondary = quoted(between(&features, "NEVER_SECONDARY = [", "]"));
    let ceilings = between(&features, "CEILING = {", "};");
    for (role, key) in [(Role::Secondary, "secondary:"), (Role::Guest, "guest:")] {
        let line = between(ceilings, key, "\n");
        let mut excluded: BTreeSet<String> = quoted(line).into_iter().collect();
        if line.contains("NEVER_SECONDARY") {
            excluded.extend(never_secondary.iter().cloned());
        }
        let console: BTreeSet<String> = names(Feature::ALL).into_iter().filter(|f| !excluded.contains(f)).collect();
        let server: BTreeSet<String> = names(Feature::ALL.into_iter().filter(|f| role_allows(role, *f))).into_iter().collect();
        assert_eq!(console, server, "the console's ceiling for {role}");
    }
}

#[test]
fn the_console_labels_words_the_server_sends() {
    let live = console_file("live.js");
    let phone_states = object_keys(between(&live, "PHONE_STATES = {", "};"));
    assert_eq!(phone_states, names(PhoneState::ALL), "PHONE_STATES in live.js");
    let video_states = object_keys(between(&live, "VIDEO_HELD = {", "};"));
    assert_eq!(video_states, names(VideoState::ALL), "VIDEO_HELD in live.js");
    for reason in object_keys(between(&live, "ENDED_TEXT = {", "};")) {
        assert!(reason.parse::<EndReason>().is_ok(), "ENDED_TEXT in live.js labels {reason:?}, which the server never sends");
    }
}
