//! The blob store on a shared S3-compatible server, as several nodes would use it: the
//! test script starts one on loopback and names it in `SIGHTLINE_TEST_S3_ENDPOINT`. A
//! snapshot from the real phone is stored there under the configured prefix (nothing on
//! the local disk), downloads through the API as the JPEG it was, and its object is gone
//! from the bucket when the blob store deletes it.

#[path = "suite/common/mod.rs"]
mod common;

use common::live::{next_of, next_where, send};
use common::phone::session_with_phone;
use common::{Backend, TestApp};
use serde_json::json;
use sightline_server::blobs::{BlobLocation, Blobs};
use sightline_virtual_phone::camera::{Lens, STILL_RESOLUTION};

/// The S3-compatible server's URL, and a fresh bucket made on it.
async fn fresh_bucket(http: &reqwest::Client) -> (String, String) {
    let endpoint = std::env::var("SIGHTLINE_TEST_S3_ENDPOINT")
        .expect("SIGHTLINE_TEST_S3_ENDPOINT must point at an S3-compatible server (the test script starts one)");
    // The settings every `sightline` node reads for an `s3://` blob store.
    std::env::set_var("AWS_ENDPOINT", &endpoint);
    std::env::set_var("AWS_ALLOW_HTTP", "true");
    std::env::set_var("AWS_REGION", "us-east-1");
    std::env::set_var("AWS_ACCESS_KEY_ID", "sightline-test");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "sightline-test-secret");
    let bucket = format!("sightline-{}", uuid::Uuid::new_v4().simple());
    let made = http.put(format!("{endpoint}/{bucket}")).send().await.expect("the S3 server answers");
    assert!(made.status().is_success(), "bucket not made: {}", made.status());
    (endpoint, bucket)
}

/// The keys in `bucket`, from the S3 listing.
async fn keys(http: &reqwest::Client, endpoint: &str, bucket: &str) -> Vec<String> {
    let listing = http.get(format!("{endpoint}/{bucket}?list-type=2")).send().await.expect("lists").text().await.expect("text");
    listing.split("<Key>").skip(1).filter_map(|rest| rest.split_once("</Key>")).map(|(key, _)| key.to_owned()).collect()
}

#[tokio::test]
async fn snapshots_go_to_a_shared_s3_store_under_its_prefix() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let (endpoint, bucket) = fresh_bucket(&http).await;
    let location = BlobLocation::parse(&format!("s3://{bucket}/node-pictures"));
    let app = TestApp::with_settings(Backend::Sqlite, |settings| settings.blobs = location.clone()).await;
    let (_phone, mut technician, id, _) = session_with_phone(&app, Lens::default()).await;
    let admin = app.admin().await;
    next_of(&mut technician, "camera_state").await;

    send(&mut technician, json!({"type": "command", "command": {"action": "snapshot"}})).await;
    let captured = next_of(&mut technician, "captured").await["capture"].clone();
    next_where(&mut technician, |m| m["type"] == "command_done" && m["outcome"]["status"] == "done").await;

    let stored = keys(&http, &endpoint, &bucket).await;
    assert_eq!(stored.len(), 1, "one object in the bucket: {stored:?}");
    assert!(stored[0].starts_with("node-pictures/"), "stored under the configured prefix: {stored:?}");
    assert!(!app.blob_dir.exists(), "nothing on the local disk");

    let download = app.get(&admin, &format!("/api/sessions/{id}/captures/{}", captured["id"].as_str().expect("id"))).await;
    let picture = image::load_from_memory_with_format(&download.bytes, image::ImageFormat::Jpeg).expect("a valid JPEG");
    assert_eq!((picture.width(), picture.height()), (STILL_RESOLUTION.width, STILL_RESOLUTION.height));

    // A second node opening the same setting reads the same object, and deletes it for all.
    let other_node = Blobs::open(&location).expect("opens");
    let key = stored[0].trim_start_matches("node-pictures/");
    assert_eq!(other_node.get(key).await.expect("the other node reads it").len(), download.bytes.len());
    other_node.delete(key).await.expect("deletes");
    assert_eq!(keys(&http, &endpoint, &bucket).await, Vec::<String>::new());
}

