//! The phone's network as its app reports it.

use super::vocabulary;

vocabulary! {
    /// The phone's network as its app reports it.
    pub enum NetworkType as "network type" {
        Wifi = "wifi",
        Cellular = "cellular",
        Ethernet = "ethernet",
        /// The app cannot tell.
        Unknown = "unknown",
    }
}
