//! The server's integration tests, one binary: each module drives a real server (HTTP, live
//! WebSocket, media) through its public API, on SQLite and PostgreSQL.

#[macro_use]
mod common;

mod accounts;
mod annotations;
mod audit_chain;
mod auth;
mod bad_input;
mod bad_networks;
mod camera_tools;
mod captures;
mod collaboration;
mod console_vocabulary;
mod dependencies;
mod details;
mod device;
mod freeze;
mod guests;
mod invitations;
mod live_text;
mod mail;
mod migrations;
mod never_sent;
mod nodes;
mod operations;
mod reconcile;
mod recording;
mod retransmission;
mod rights;
mod sdk_session;
mod secrets_at_rest;
mod security;
mod sessions;
mod signaling;
mod turn;
mod video;
mod voice;
