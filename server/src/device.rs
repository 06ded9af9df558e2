//! Telling mobile browsers from desktop ones by User-Agent and client hints.

use axum::http::HeaderMap;

/// True when the request comes from a phone or tablet browser.
pub fn is_mobile(headers: &HeaderMap) -> bool {
    if let Some(hint) = headers.get("sec-ch-ua-mobile").and_then(|v| v.to_str().ok()) {
        if hint.trim() == "?1" {
            return true;
        }
    }
    let user_agent = headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    ["Mobi", "Android", "iPhone", "iPad", "iPod"].iter().any(|marker| user_agent.contains(marker))
}
