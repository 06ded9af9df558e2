//! What each binary links, read from `cargo metadata`'s resolve graph: the `sightline` server
//! has neither the SDK nor libvpx (only `sightline-demo` has), and the scanner and its
//! `sightline-scan` command have no WebRTC, libvpx or WebSocket client.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The workspace's resolve graph: package names and the non-dev edges between packages.
struct Graph {
    names: HashMap<String, String>,
    edges: HashMap<String, Vec<String>>,
}

impl Graph {
    fn of_workspace() -> Graph {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
        // The graph for this host: crates only other targets use (wasm) are not fetched.
        let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into())).arg("-vV").output().unwrap();
        let host = String::from_utf8_lossy(&rustc.stdout).lines().find_map(|line| line.strip_prefix("host: ").map(str::to_owned)).unwrap();
        let output = Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--offline", "--filter-platform", &host, "--manifest-path"])
            .arg(&manifest)
            .output()
            .unwrap();
        assert!(output.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
        let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
        let names = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|package| (package["id"].as_str().unwrap().to_owned(), package["name"].as_str().unwrap().to_owned()))
            .collect();
        let edges = metadata["resolve"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|node| {
                let linked = node["deps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|dep| dep["dep_kinds"].as_array().unwrap().iter().any(|kind| kind["kind"] != "dev"))
                    .map(|dep| dep["pkg"].as_str().unwrap().to_owned())
                    .collect();
                (node["id"].as_str().unwrap().to_owned(), linked)
            })
            .collect();
        Graph { names, edges }
    }

    /// Every package `root` depends on, normal and build dependencies, transitively (dev
    /// dependencies are left out at every step), each with the chain that pulls it in.
    fn tree(&self, root: &str) -> HashMap<String, Vec<String>> {
        let root_id = self.names.iter().find(|(_, name)| *name == root).map(|(id, _)| id.clone()).unwrap();
        let mut chains = HashMap::from([(root_id.clone(), vec![root.to_owned()])]);
        let mut queue = VecDeque::from([root_id]);
        while let Some(id) = queue.pop_front() {
            for dep in &self.edges[&id] {
                if !chains.contains_key(dep) {
                    let mut chain = chains[&id].clone();
                    chain.push(self.names[dep].clone());
                    chains.insert(dep.clone(), chain);
                    queue.push_back(dep.clone());
                }
            }
        }
        chains.into_values().map(|chain| (chain.last().unwrap().clone(), chain)).collect()
    }

    /// Panics with the chain that pulls it in if `root` depends on a package `forbidden` names.
    fn assert_free_of(&self, root: &str, forbidden: impl Fn(&str) -> bool) {
        let mut found: Vec<String> =
            self.tree(root).into_iter().filter(|(name, _)| forbidden(name)).map(|(_, chain)| chain.join(" -> ")).collect();
        found.sort();
        assert!(found.is_empty(), "{root} must not depend on these:\n  {}", found.join("\n  "));
    }
}

#[test]
fn the_server_links_neither_the_sdk_nor_libvpx() {
    let graph = Graph::of_workspace();
    assert!(graph.tree("sightline-demo").contains_key("env-libvpx-sys"), "the check must see what the demo links");
    graph.assert_free_of("sightline-server", |name| {
        matches!(name, "sightline-sdk-core" | "sightline-virtual-phone" | "env-libvpx-sys")
    });
}

#[test]
fn the_scanner_and_its_command_link_no_media_stack() {
    let graph = Graph::of_workspace();
    assert!(graph.tree("sightline-sdk-core").contains_key("tokio-tungstenite"), "the check must see what the SDK links");
    let media = |name: &str| {
        name == "webrtc"
            || name.starts_with("webrtc-")
            || matches!(name, "env-libvpx-sys" | "tungstenite" | "tokio-tungstenite" | "sightline-sdk-core" | "sightline-rtc")
    };
    graph.assert_free_of("sightline-scan-core", media);
    graph.assert_free_of("sightline-scan", media);
}
