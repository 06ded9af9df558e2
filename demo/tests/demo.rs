//! The demo as a technician meets it: `sightline-demo` prints the console's URL and a sign-in
//! that works, its virtual phone streams into the demo session, and the terminal shows
//! Sightline's events without the WebRTC libraries' INFO lines.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Long enough for a slow, shared machine; the test ends as soon as the stream is up.
const PATIENCE: Duration = Duration::from_secs(180);
const POLL: Duration = Duration::from_millis(250);

/// The demo process, killed when the test ends.
struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 exchange on a fresh connection: the status code and the body.
fn http(port: u16, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).unwrap().parse().unwrap();
    let body = response.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default();
    (status, body)
}

/// Each line of `stream` on a channel, read on a thread of its own.
fn lines(stream: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

#[test]
fn the_demo_prints_a_sign_in_streams_its_phone_and_keeps_library_logs_quiet() {
    let data = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sightline-demo"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(data.path())
        .env_remove("SIGHTLINE_LOG")
        .env("NO_COLOR", "1")
        .env_remove("SIGHTLINE_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (stdout, stderr) = (lines(child.stdout.take().unwrap()), lines(child.stderr.take().unwrap()));
    let _demo = Demo(child);

    let mut printed = Vec::new();
    let password = loop {
        let line = stdout.recv_timeout(PATIENCE).unwrap();
        printed.push(line.clone());
        if let Some(password) = line.trim().strip_prefix("Password") {
            break password.trim().to_owned();
        }
    };
    let printed = printed.join("\n");
    assert!(printed.contains(&format!("Open      http://127.0.0.1:{port}/")), "{printed}");
    assert!(printed.contains("Sign in   demo@sightline.example"), "{printed}");

    let login = format!(r#"{{"email":"demo@sightline.example","password":"{password}"}}"#);
    let (status, body) = http(
        port,
        &format!(
            "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{login}",
            login.len()
        ),
    );
    assert_eq!(status, 200, "{body}");

    let metrics = format!("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    let mut waited = Duration::ZERO;
    while !http(port, &metrics).1.lines().any(|line| line == "sightline_streams_published 1") {
        assert!(waited < PATIENCE, "the virtual phone did not stream");
        std::thread::sleep(POLL);
        waited += POLL;
    }

    // Everything logged until the phone streamed: Sightline's own lines, nothing at INFO
    // from the libraries (webrtc-rs logs each ICE and signaling step at INFO).
    let logged: Vec<String> = stderr.try_iter().collect();
    assert!(logged.iter().any(|line| line.contains(" INFO sightline")), "{logged:#?}");
    let chatter: Vec<&String> = logged.iter().filter(|line| line.contains(" INFO ") && !line.contains(" INFO sightline")).collect();
    assert!(chatter.is_empty(), "{chatter:#?}");
}
