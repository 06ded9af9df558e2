//! Health, readiness, metrics, the OpenAPI description and the console's pages.

use crate::common;

use axum::http::{header, Method, StatusCode};
use common::{Backend, TestApp};
use serde_json::json;

on_both_databases!(health_metrics_and_openapi_answer, the_console_is_served_for_its_routes);

async fn health_metrics_and_openapi_answer(backend: Backend) {
    let app = TestApp::new(backend).await;
    assert_eq!(app.call(None, Method::GET, "/healthz", None).await.status, StatusCode::OK);
    assert_eq!(app.call(None, Method::GET, "/readyz", None).await.status, StatusCode::OK);

    let admin = app.admin().await;
    app.post(&admin, "/api/sessions", json!({})).await;
    let metrics = app.call(None, Method::GET, "/metrics", None).await;
    let text = String::from_utf8(metrics.bytes).expect("text");
    assert!(text.contains("sightline_sessions{status=\"waiting\"} 1"), "{text}");
    assert!(text.contains("sightline_technicians_signed_in 1"), "{text}");
    assert!(text.contains("sightline_http_requests_total{method=\"POST\",status=\"201\"}"), "{text}");

    let openapi = app.call(None, Method::GET, "/api/openapi.json", None).await.body;
    assert!(openapi["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for (path, method) in [
        ("/api/auth/login", "post"),
        ("/api/me", "get"),
        ("/api/sessions", "post"),
        ("/api/sessions/{id}/end", "post"),
        ("/api/join", "post"),
        ("/api/teams/{id}/members/{technician_id}", "put"),
        ("/api/categories/{id}", "patch"),
        ("/readyz", "get"),
    ] {
        assert!(openapi["paths"][path][method].is_object(), "OpenAPI lacks {method} {path}");
    }
    assert!(openapi["components"]["schemas"]["ErrorBody"].is_object());

    app.db.pool.close().await;
    assert_eq!(app.call(None, Method::GET, "/readyz", None).await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(app.call(None, Method::GET, "/healthz", None).await.status, StatusCode::OK);
}

async fn the_console_is_served_for_its_routes(backend: Backend) {
    let app = TestApp::new(backend).await;
    for path in ["/", "/login", "/sessions/abc", "/admin", "/join/123456789"] {
        let page = app.call(None, Method::GET, path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.headers[header::CONTENT_TYPE].to_str().expect("ascii").starts_with("text/html"));
        assert!(page.headers[header::CONTENT_SECURITY_POLICY].to_str().expect("ascii").contains("frame-ancestors 'none'"));
        assert!(String::from_utf8_lossy(&page.bytes).contains("<script type=\"module\" src=\"/app.js\">"));
    }
    let script = app.call(None, Method::GET, "/app.js", None).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.headers[header::CONTENT_TYPE].to_str().expect("ascii").contains("javascript"));
}
