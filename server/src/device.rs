//! Telling phones and tablets from desktop computers, from the request headers alone.
//!
//! Guests may not join a session from a phone or a tablet, and a primary technician who starts a
//! session from one may not invite guests. The server decides from three signals, strongest first:
//!
//! 1. The User-Agent. A device token (`iPhone`, `iPad`, `Android`, `Windows Phone`, `Kindle`...)
//!    or a browser that only exists on phones and tablets (`CriOS`, `FxiOS`, `EdgiOS`, `Silk`,
//!    `Opera Mini`...) means mobile. In-app browsers (Facebook, Instagram, WeChat, Line, Snapchat,
//!    TikTok...) are caught by the device token they all carry; their app tokens alone prove
//!    nothing, since WeChat and Line also ship desktop apps with the same tokens.
//! 2. `Sec-CH-UA-Mobile: ?1` (Chromium browsers) means mobile whatever the User-Agent says. The
//!    opposite, `?0`, proves nothing: Chrome on an Android *tablet* sends `?0` together with an
//!    Android User-Agent, and "request desktop site" on a phone sends `?0` with a desktop one. So a
//!    User-Agent that names a mobile device wins over `?0`.
//! 3. `Sec-CH-UA-Platform: "Android"` or `"iOS"` means mobile: it names the operating system, which
//!    desktop-site modes leave alone, so it still catches a phone whose User-Agent claims Linux.
//!
//! What the headers cannot tell apart: Safari on iPadOS 13+ (and iPhone "request desktop website")
//! sends exactly the User-Agent of Safari on a Mac, and sends no client hints. Such a request is
//! classified [`Device::Desktop`] here; the console's `device.js` check (a "Mac" with a touch
//! screen) runs in the browser and reports it.

use axum::http::header::USER_AGENT;
use axum::http::HeaderMap;

/// What kind of device a request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    /// A desktop or laptop computer (or a mobile device perfectly disguised as one).
    Desktop,
    /// A phone (or a small handheld: iPod touch, feature phone).
    Phone,
    /// A tablet: iPad, Android tablet, Kindle.
    Tablet,
    /// A phone or a tablet; the request does not say which.
    Mobile,
}

impl Device {
    /// True for phones, tablets and other handhelds.
    pub fn is_mobile(self) -> bool {
        self != Device::Desktop
    }
}

/// The verdict on one request, with the signal that decided it (for logs and refusal pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    pub device: Device,
    /// The User-Agent token or header that decided, e.g. `"iPhone"` or `"Sec-CH-UA-Mobile: ?1"`.
    pub reason: &'static str,
}

/// User-Agent tokens, matched case-insensitively in this order (the first match decides), with
/// the device they mean. `iPad` comes first because iPad in-app browsers also say `Mobile`;
/// `Mobi` (the token MDN recommends) covers `Mobile Safari`, `Mobile/15E148` and Firefox's
/// `(Android 14; Mobile;`; `Android` is left for the Android tablets, which omit it.
const USER_AGENT_TOKENS: &[(&str, Device)] = &[
    ("iPad", Device::Tablet),
    ("iPhone", Device::Phone),
    ("iPod", Device::Phone),
    ("Windows Phone", Device::Phone),
    ("IEMobile", Device::Phone),
    ("BlackBerry", Device::Phone),
    ("BB10", Device::Phone),
    ("KAIOS", Device::Phone),
    ("Opera Mini", Device::Phone),
    ("Symbian", Device::Phone),
    ("MIDP", Device::Phone),
    ("Mobi", Device::Phone),
    ("Android", Device::Tablet),
    // Firefox on Android tablets and Firefox OS tablets: `(Android 14; Tablet;`. The semicolon
    // keeps out Windows' `Tablet PC 2.0`, which desktop Internet Explorer sends.
    ("Tablet;", Device::Tablet),
    ("PlayBook", Device::Tablet),
    ("Kindle", Device::Tablet),
    ("Silk", Device::Tablet),
    // Browsers built only for iOS and Android. In desktop mode they send a Mac or Linux
    // User-Agent but keep their own token, so the device is mobile though its kind is unknown.
    ("CriOS", Device::Mobile),
    ("FxiOS", Device::Mobile),
    ("EdgiOS", Device::Mobile),
    ("OPiOS", Device::Mobile),
    ("EdgA/", Device::Mobile),
    ("GSA/", Device::Mobile),
];

/// Classify a request from its `User-Agent`, `Sec-CH-UA-Mobile` and `Sec-CH-UA-Platform` headers.
pub fn classify(headers: &HeaderMap) -> Detection {
    let by_user_agent = classify_user_agent(&header_text(headers, USER_AGENT.as_str()));
    if by_user_agent.device.is_mobile() {
        return by_user_agent;
    }
    if header_text(headers, "sec-ch-ua-mobile").trim() == "?1" {
        return Detection { device: Device::Mobile, reason: "Sec-CH-UA-Mobile: ?1" };
    }
    match header_text(headers, "sec-ch-ua-platform").trim().trim_matches('"') {
        "Android" => Detection { device: Device::Mobile, reason: "Sec-CH-UA-Platform: Android" },
        "iOS" => Detection { device: Device::Mobile, reason: "Sec-CH-UA-Platform: iOS" },
        _ => by_user_agent,
    }
}

/// Classify a User-Agent string on its own (no client hints).
pub fn classify_user_agent(user_agent: &str) -> Detection {
    let user_agent = user_agent.to_ascii_lowercase();
    USER_AGENT_TOKENS
        .iter()
        .find(|(token, _)| user_agent.contains(&token.to_ascii_lowercase()))
        .map(|&(token, device)| Detection { device, reason: token })
        .unwrap_or(Detection { device: Device::Desktop, reason: "no mobile token in the User-Agent" })
}

/// True when the request comes from a phone or tablet browser.
pub fn is_mobile(headers: &HeaderMap) -> bool {
    classify(headers).device.is_mobile()
}

/// A header's value as text; bytes that are not UTF-8 become U+FFFD instead of hiding the value.
fn header_text(headers: &HeaderMap, name: &str) -> String {
    headers.get(name).map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()).unwrap_or_default()
}
