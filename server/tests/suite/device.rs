//! Mobile versus desktop detection: a corpus of real User-Agent strings, then the client hints.

use axum::http::{HeaderMap, HeaderValue};
use sightline_server::device::{classify, classify_user_agent, is_mobile, Device};

const CORPUS: &str = include_str!("../data/user_agents.tsv");

struct Case<'a> {
    line: usize,
    mobile: bool,
    note: &'a str,
    user_agent: &'a str,
}

fn corpus() -> Vec<Case<'static>> {
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, text)| !text.trim().is_empty() && !text.starts_with('#'))
        .map(|(index, text)| {
            let line = index + 1;
            let mut columns = text.splitn(3, '\t');
            let (Some(expected), Some(note), Some(user_agent)) = (columns.next(), columns.next(), columns.next())
            else {
                panic!("user_agents.tsv line {line}: expected three tab-separated columns");
            };
            let mobile = match expected {
                "mobile" => true,
                "desktop" => false,
                other => panic!("user_agents.tsv line {line}: expected `mobile` or `desktop`, found `{other}`"),
            };
            Case { line, mobile, note, user_agent }
        })
        .collect()
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, HeaderValue::from_str(value).expect("test header value"));
    }
    map
}

const CHROME_LINUX: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const CHROME_ANDROID_PHONE: &str =
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
const CHROME_ANDROID_TABLET: &str =
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const SAFARI_MAC: &str =
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

#[test]
fn corpus_is_large_enough() {
    let cases = corpus();
    let mobile = cases.iter().filter(|case| case.mobile).count();
    let desktop = cases.len() - mobile;
    assert!(mobile >= 60, "only {mobile} mobile User-Agents in the corpus");
    assert!(desktop >= 60, "only {desktop} desktop User-Agents in the corpus");
}

#[test]
fn every_corpus_user_agent_is_classified_right() {
    let cases = corpus();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let detection = classify(&headers(&[("user-agent", case.user_agent)]));
            (detection.device.is_mobile() != case.mobile).then(|| {
                format!(
                    "line {}: expected {}, got {:?} ({}) for {} | {}",
                    case.line,
                    if case.mobile { "mobile" } else { "desktop" },
                    detection.device,
                    detection.reason,
                    case.note,
                    case.user_agent
                )
            })
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} misclassified:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn is_mobile_agrees_with_classify_on_the_corpus() {
    for case in corpus() {
        let request = headers(&[("user-agent", case.user_agent)]);
        assert_eq!(is_mobile(&request), classify(&request).device.is_mobile(), "line {}", case.line);
    }
}

#[test]
fn the_kind_of_device_is_told_where_the_user_agent_says_it() {
    let cases = [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", Device::Phone),
        // iPad in-app browsers also say `Mobile/`: the iPad token must win.
        ("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPad13,18;FBMD/iPad]", Device::Tablet),
        (CHROME_ANDROID_PHONE, Device::Phone),
        (CHROME_ANDROID_TABLET, Device::Tablet),
        ("Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0", Device::Phone),
        ("Mozilla/5.0 (Android 13; Tablet; rv:126.0) Gecko/126.0 Firefox/126.0", Device::Tablet),
        ("Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/93.2.7 like Chrome/93.0.4577.82 Safari/537.36", Device::Tablet),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_5) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/85 Version/11.1.1 Safari/605.1.15", Device::Mobile),
        (SAFARI_MAC, Device::Desktop),
        ("Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0; Tablet PC 2.0)", Device::Desktop),
    ];
    for (user_agent, expected) in cases {
        assert_eq!(classify_user_agent(user_agent).device, expected, "{user_agent}");
    }
}

#[test]
fn matching_ignores_case() {
    assert_eq!(classify_user_agent("Dalvik/2.1.0 (Linux; U; ANDROID 12; SM-A125F)").device, Device::Tablet);
    assert_eq!(classify_user_agent("some-app/1.0 (iphone)").device, Device::Phone);
}

#[test]
fn mobile_hint_makes_a_desktop_user_agent_mobile() {
    // Chrome on a phone whose User-Agent was replaced (desktop site, DevTools emulation, an extension).
    let detection = classify(&headers(&[("user-agent", CHROME_LINUX), ("sec-ch-ua-mobile", "?1")]));
    assert_eq!(detection.device, Device::Mobile);
    assert_eq!(detection.reason, "Sec-CH-UA-Mobile: ?1");
}

#[test]
fn desktop_hint_does_not_overrule_an_android_tablet_user_agent() {
    // Chrome on an Android tablet sends exactly this: `?0` and an Android User-Agent without "Mobile".
    let request = headers(&[
        ("user-agent", CHROME_ANDROID_TABLET),
        ("sec-ch-ua-mobile", "?0"),
        ("sec-ch-ua-platform", "\"Android\""),
    ]);
    assert_eq!(classify(&request).device, Device::Tablet);
    assert!(is_mobile(&request));
}

#[test]
fn desktop_hint_does_not_overrule_a_phone_user_agent() {
    let request = headers(&[("user-agent", CHROME_ANDROID_PHONE), ("sec-ch-ua-mobile", "?0")]);
    assert_eq!(classify(&request).device, Device::Phone);
}

#[test]
fn android_platform_catches_desktop_site_mode() {
    // "Request desktop site" on Android: a Linux User-Agent and `?0`, but the platform is still Android.
    let request =
        headers(&[("user-agent", CHROME_LINUX), ("sec-ch-ua-mobile", "?0"), ("sec-ch-ua-platform", "\"Android\"")]);
    let detection = classify(&request);
    assert_eq!(detection.device, Device::Mobile);
    assert_eq!(detection.reason, "Sec-CH-UA-Platform: Android");
}

#[test]
fn ios_platform_is_mobile() {
    let request = headers(&[("user-agent", SAFARI_MAC), ("sec-ch-ua-platform", " \"iOS\" ")]);
    assert_eq!(classify(&request).device, Device::Mobile);
}

#[test]
fn desktop_hints_with_a_desktop_user_agent_are_desktop() {
    for platform in ["\"Linux\"", "\"Windows\"", "\"macOS\"", "\"Chrome OS\"", "\"Unknown\""] {
        let request =
            headers(&[("user-agent", CHROME_LINUX), ("sec-ch-ua-mobile", "?0"), ("sec-ch-ua-platform", platform)]);
        assert_eq!(classify(&request).device, Device::Desktop, "{platform}");
    }
}

#[test]
fn ipad_in_desktop_mode_is_desktop_for_the_server() {
    // Indistinguishable from a Mac without JavaScript: console/device.js reports it.
    assert!(!is_mobile(&headers(&[("user-agent", SAFARI_MAC)])));
}

#[test]
fn missing_or_malformed_headers_mean_desktop_without_panicking() {
    assert_eq!(classify(&HeaderMap::new()).device, Device::Desktop);
    assert_eq!(classify(&headers(&[("sec-ch-ua-mobile", "garbage")])).device, Device::Desktop);
    let mut request = HeaderMap::new();
    request.insert(
        "user-agent",
        HeaderValue::from_bytes(b"Mozilla/5.0 (Linux; Android 14; Caf\xe9)").expect("opaque bytes"),
    );
    assert_eq!(classify(&request).device, Device::Tablet);
}
