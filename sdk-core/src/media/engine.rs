//! The webrtc-rs `API` (codecs, interceptors, ICE policy; set up by `sightline-rtc`,
//! shared with the server), built once per process for each network policy and
//! shared by every peer connection.

use std::sync::{Arc, OnceLock};

use sightline_rtc::{build_api, NetworkSettings};
use webrtc::api::API;

use crate::{Error, Result};

/// Where ICE may look for candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetworkPolicy {
    /// Every interface, as on a real phone.
    Any,
    /// Only 127.0.0.1 host candidates, no mDNS: tests and demos on one machine.
    LoopbackOnly,
}

/// The shared `API` for a network policy.
pub fn api(policy: NetworkPolicy) -> Result<Arc<API>> {
    static ANY: OnceLock<Arc<API>> = OnceLock::new();
    static LOOPBACK: OnceLock<Arc<API>> = OnceLock::new();
    let cell = match policy {
        NetworkPolicy::Any => &ANY,
        NetworkPolicy::LoopbackOnly => &LOOPBACK,
    };
    if let Some(api) = cell.get() {
        return Ok(Arc::clone(api));
    }
    let settings = NetworkSettings { loopback_only: policy == NetworkPolicy::LoopbackOnly, ..NetworkSettings::default() };
    // Two racing first callers may both build; one result is kept.
    let built = Arc::new(build_api(&settings).map_err(|e| Error::InvalidConfig(format!("cannot set up WebRTC: {e}")))?);
    Ok(Arc::clone(cell.get_or_init(|| built)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_is_built_once_per_policy() {
        let first = api(NetworkPolicy::LoopbackOnly).expect("api");
        let again = api(NetworkPolicy::LoopbackOnly).expect("api");
        let open = api(NetworkPolicy::Any).expect("api");
        assert!(Arc::ptr_eq(&first, &again));
        assert!(!Arc::ptr_eq(&first, &open));
    }
}
