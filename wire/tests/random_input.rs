//! A stable-toolchain fuzz pass over the signaling parser: mutations of valid
//! messages and random text never panic, and what parses survives a round trip.
//! (The coverage-guided target is `signal_message` in `fuzz/`, run by `fuzz/run.sh`.)

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sightline_wire::{ClientMessage, ServerMessage};

const SEEDS: &[&str] = &[
    r#"{"type":"join","code":"123456789","display_name":"Ann","protocol":1}"#,
    r#"{"type":"hello","token":"abc","protocol":1}"#,
    r#"{"type":"offer","sdp":"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n"}"#,
    r#"{"type":"candidate","candidate":{"candidate":"candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0}}"#,
    r#"{"type":"welcome","session_id":"s","participant_id":"p","role":"primary","ice_servers":[{"urls":["stun:x"]}]}"#,
    r#"{"type":"phone_state","state":"live"}"#,
    r#"{"type":"end_session"}"#,
];

const PUNCTUATION: &[u8] = b"{}[]\":,\\0\xff";

fn mutate(rng: &mut StdRng, seed: &str) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..rng.gen_range(1..6) {
        if bytes.is_empty() {
            bytes.push(rng.gen());
            continue;
        }
        let at = rng.gen_range(0..bytes.len());
        match rng.gen_range(0..5) {
            0 => bytes[at] = rng.gen(),
            1 => bytes.truncate(at),
            2 => bytes.insert(at, PUNCTUATION[rng.gen_range(0..PUNCTUATION.len())]),
            3 => {
                bytes.remove(at);
            }
            _ => {
                let copy = bytes[at..].to_vec();
                bytes.extend_from_slice(&copy);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_and_random_messages_never_panic_and_round_trip() {
    let mut rng = StdRng::seed_from_u64(0x51647);
    let mut accepted = 0;
    for round in 0..40_000 {
        let text: String = if round % 10 == 0 {
            (0..rng.gen_range(0..64)).map(|_| rng.gen::<char>()).collect()
        } else {
            mutate(&mut rng, SEEDS[round % SEEDS.len()])
        };
        if let Ok(message) = ClientMessage::parse(&text) {
            accepted += 1;
            assert_eq!(ClientMessage::parse(&message.to_json()), Ok(message), "{text}");
        }
        if let Ok(message) = ServerMessage::parse(&text) {
            assert_eq!(ServerMessage::parse(&message.to_json()), Ok(message), "{text}");
        }
    }
    assert!(accepted > 100, "the mutations should keep some messages valid, got {accepted}");
}
