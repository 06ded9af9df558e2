//! Everything one technician's live connection and HTTP reads hold, as text: to prove
//! that what its seat may not see never reached it.

use std::net::SocketAddr;

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::live::{next, send, technician_socket, Socket};
use super::{Client, TestApp};

pub struct Capture {
    pub socket: Socket,
    pub seen: String,
}

impl Capture {
    /// A fresh live connection of `client` to `session_id`, captured from its first message.
    pub async fn open(addr: SocketAddr, client: &Client, session_id: &str) -> Capture {
        Capture { socket: technician_socket(addr, client, session_id).await, seen: String::new() }
    }

    /// Takes in what arrived until the server answers a ping (so everything sent before it).
    pub async fn drain(&mut self) {
        send(&mut self.socket, json!({"type": "ping"})).await;
        loop {
            let message = next(&mut self.socket).await;
            assert!(!message.is_null(), "the captured connection closed");
            if message["type"] == "pong" {
                return;
            }
            self.seen.push_str(&message.to_string());
        }
    }

    /// The next message for which `wanted` holds, taking in every message read on the way.
    pub async fn next_where(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = next(&mut self.socket).await;
            assert!(!message.is_null(), "the captured connection closed");
            self.seen.push_str(&message.to_string());
            if wanted(&message) {
                return message;
            }
        }
    }

    /// Reads `path` as `client`: a 200 body is taken in; anything else is returned for the caller to judge.
    pub async fn read(&mut self, app: &TestApp, client: &Client, path: &str) -> (StatusCode, String) {
        let answer = app.get(client, path).await;
        if answer.status == StatusCode::OK {
            self.seen.push_str(&String::from_utf8_lossy(&answer.bytes));
        }
        (answer.status, answer.code().to_owned())
    }

    pub fn holds(&self, marker: &str) -> bool {
        self.seen.contains(marker)
    }
}
