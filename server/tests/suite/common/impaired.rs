//! A bad phone network made for one test. The test's thread enters a network namespace of
//! its own (the server's side), the phone gets another (`ip netns`), and a veth pair with
//! private addresses that exist only there joins them; IPv6 is off in both, so media takes
//! that one IPv4 path. Trouble is made in the phone's namespace on its end of the pair:
//! loss is a random-drop rule (netfilter's `statistic` match), a blackout drops everything,
//! delay sends each packet through NFQUEUE to a consumer here that releases it after the
//! delay, a narrow uplink is a token bucket with a queue (`tc` tbf) on what the phone
//! sends, and an address change moves the phone to another address on its veth. Nothing
//! touches the machine's own interfaces (this kernel has no `netem`, hence the rules).

use std::collections::VecDeque;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::os::fd::AsRawFd;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The phone's end of the pair, in its namespace.
const PHONE_LINK: &str = "phone0";
/// The server's end, in the test's namespace.
const SERVER_LINK: &str = "server0";
/// IPv6 off on a namespace's links, and on those made or moved there later.
const NO_IPV6: &str = "net.ipv6.conf.all.disable_ipv6=1";
const NO_IPV6_ON_NEW_LINKS: &str = "net.ipv6.conf.default.disable_ipv6=1";
/// The NFQUEUE number of the delay (queues are per namespace).
const DELAY_QUEUE: u16 = 7;

/// Runs `test` on a thread of its own in a fresh network namespace, with the phone's
/// namespace and the link between them; skips it with a message on a machine where that
/// cannot be made (not root, no network namespaces, no `ip` or `iptables`).
pub fn run<F, Fut>(name: &'static str, test: F)
where
    F: FnOnce(Network) -> Fut + Send + 'static,
    Fut: Future<Output = ()>,
{
    let outcome = std::thread::spawn(move || {
        let network = match Network::new() {
            Ok(network) => network,
            Err(why) => {
                eprintln!("skipping {name}: no private network for a bad phone network here ({why}); run the tests as root");
                return;
            }
        };
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        runtime.block_on(test(network));
    })
    .join();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// The test's two namespaces and the link between them.
pub struct Network {
    /// The phone's namespace, as `ip netns` names it.
    phone_ns: String,
    /// The last octet of the phone's current address.
    phone_host: AtomicU32,
}

/// What goes wrong on the phone's link.
#[derive(Debug, Clone, Copy)]
pub enum Trouble {
    /// This share of the packets, each way, is lost.
    Loss { percent: u32 },
    /// Every packet, each way, arrives this much later.
    Delay(Duration),
    /// Nothing gets through.
    Blackout,
}

/// Trouble on the link until dropped: a netfilter rule's match and verdict, on the
/// link in and out, and the delay's consumer.
pub struct Troubled<'a> {
    network: &'a Network,
    rule: Vec<String>,
    delayer: Option<Delayer>,
}

impl Network {
    fn new() -> Result<Network, String> {
        // SAFETY: unshare only changes this thread's namespaces.
        if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
            return Err(format!("unshare: {}", std::io::Error::last_os_error()));
        }
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let phone_ns = format!("sightline-phone-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        run_command("ip", &["link", "set", "lo", "up"])?;
        run_command("sysctl", &["-q", "-w", NO_IPV6, NO_IPV6_ON_NEW_LINKS])?;
        run_command("ip", &["netns", "add", phone_ns.as_str()])?;
        // From here on, dropping `network` removes the phone's namespace (and the pair with it).
        let network = Network { phone_ns, phone_host: AtomicU32::new(2) };
        network.phone(&["ip", "link", "set", "lo", "up"])?;
        network.phone(&["sysctl", "-q", "-w", NO_IPV6, NO_IPV6_ON_NEW_LINKS])?;
        run_command("ip", &["link", "add", SERVER_LINK, "type", "veth", "peer", "name", PHONE_LINK, "netns", network.phone_ns.as_str()])?;
        run_command("ip", &["addr", "add", "10.77.0.1/24", "dev", SERVER_LINK])?;
        run_command("ip", &["link", "set", SERVER_LINK, "up"])?;
        let address = format!("{}/24", network.phone_ip());
        network.phone(&["ip", "addr", "add", address.as_str(), "dev", PHONE_LINK])?;
        network.phone(&["ip", "link", "set", PHONE_LINK, "up"])?;
        network.phone(&["iptables", "-w", "-L", "-n"])?;
        Ok(network)
    }

    /// The server's address on the link.
    pub fn server_ip(&self) -> IpAddr {
        Ipv4Addr::new(10, 77, 0, 1).into()
    }

    /// The phone's current address on the link.
    pub fn phone_ip(&self) -> Ipv4Addr {
        Ipv4Addr::new(10, 77, 0, self.phone_host.load(Ordering::Relaxed) as u8)
    }

    /// Moves the phone to the next address on its link (the old one is gone at once, as
    /// when a phone leaves one network for another); returns the new one.
    pub fn change_address(&self) -> Ipv4Addr {
        let old = self.phone_ip();
        self.phone_host.fetch_add(1, Ordering::Relaxed);
        let new = self.phone_ip();
        let (new_address, old_address) = (format!("{new}/24"), format!("{old}/24"));
        // The old one goes first: removing a subnet's first address takes the later ones with it.
        self.phone(&["ip", "addr", "del", old_address.as_str(), "dev", PHONE_LINK]).expect("old address removed");
        self.phone(&["ip", "addr", "add", new_address.as_str(), "dev", PHONE_LINK]).expect("new address");
        new
    }

    /// A tokio runtime whose threads live in the phone's namespace: whatever the phone's
    /// tasks open (signaling, ICE, uploads) is on the phone's side of the link.
    pub fn phone_runtime(&self) -> PhoneRuntime {
        let path = self.ns_path();
        let runtime = std::thread::spawn(move || {
            enter(&path).expect("enter the phone's namespace");
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime")
        })
        .join()
        .expect("the phone's runtime starts");
        PhoneRuntime(Some(runtime))
    }

    /// Makes `trouble` on the phone's link, both ways, until the returned guard is dropped.
    pub fn trouble(&self, trouble: Trouble) -> Troubled<'_> {
        let words = |words: &[&str]| words.iter().map(|word| word.to_string()).collect::<Vec<_>>();
        let (rule, delayer) = match trouble {
            Trouble::Loss { percent } => {
                let probability = format!("{:.4}", f64::from(percent) / 100.0);
                (words(&["-m", "statistic", "--mode", "random", "--probability", probability.as_str(), "-j", "DROP"]), None)
            }
            Trouble::Blackout => (words(&["-j", "DROP"]), None),
            Trouble::Delay(delay) => {
                let delayer = Delayer::start(self.ns_path(), delay).expect("the delay's queue opens");
                let queue = DELAY_QUEUE.to_string();
                (words(&["-j", "NFQUEUE", "--queue-num", queue.as_str()]), Some(delayer))
            }
        };
        let troubled = Troubled { network: self, rule, delayer };
        troubled.rules("-I");
        troubled
    }

    fn ns_path(&self) -> String {
        format!("/run/netns/{}", self.phone_ns)
    }

    /// Runs a command in the phone's namespace.
    fn phone(&self, command: &[&str]) -> Result<(), String> {
        let mut args = vec!["netns", "exec", self.phone_ns.as_str()];
        args.extend_from_slice(command);
        run_command("ip", &args)
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        if let Err(why) = run_command("ip", &["netns", "delete", self.phone_ns.as_str()]) {
            eprintln!("the phone's namespace {} stays: {why}", self.phone_ns);
        }
    }
}

impl Troubled<'_> {
    /// Packets the delay has let go so far (0 for other trouble).
    pub fn delayed(&self) -> u64 {
        self.delayer.as_ref().map_or(0, |delayer| delayer.released.load(Ordering::Relaxed))
    }

    /// Adds (`-I`) or removes (`-D`) the trouble's rule on the phone's link, in and out.
    fn rules(&self, action: &str) {
        for (chain, direction) in [("INPUT", "-i"), ("OUTPUT", "-o")] {
            let mut command = vec!["iptables", "-w", action, chain, direction, PHONE_LINK];
            command.extend(self.rule.iter().map(String::as_str));
            self.network.phone(&command).expect("iptables");
        }
    }
}

impl Drop for Troubled<'_> {
    fn drop(&mut self) {
        self.rules("-D");
        // The delay's consumer goes after its rule: it lets go what it still holds.
        self.delayer.take();
    }
}

/// A narrow uplink until dropped: the token bucket on the phone's end of the link.
pub struct Capped<'a> {
    network: &'a Network,
}

/// How long a packet may wait in the narrow uplink's queue before it is dropped: a
/// mobile uplink buffers a few hundred milliseconds (the bursts of a frame's packets
/// wait, a bitrate over the link's overflows), where a policer without a queue would drop
/// within every frame however low the bitrate.
const UPLINK_QUEUE: &str = "200ms";

impl Network {
    /// Lets the phone send at most `kbit_per_s` (a queue, then drops, as a mobile uplink
    /// does), until the returned guard is dropped. The phone's sends do not fail: Linux
    /// keeps a full queue's drops from UDP senders that did not ask for errors (IP_RECVERR).
    pub fn cap_uplink(&self, kbit_per_s: u32) -> Capped<'_> {
        let rate = format!("{kbit_per_s}kbit");
        self.phone(&["tc", "qdisc", "add", "dev", PHONE_LINK, "root", "tbf", "rate", rate.as_str(), "burst", "4kb", "latency", UPLINK_QUEUE])
            .expect("the uplink's token bucket");
        Capped { network: self }
    }
}

impl Drop for Capped<'_> {
    fn drop(&mut self) {
        if let Err(why) = self.network.phone(&["tc", "qdisc", "del", "dev", PHONE_LINK, "root"]) {
            eprintln!("the uplink stays narrow: {why}");
        }
    }
}

/// The phone's runtime; dropping it stops its tasks without waiting for them.
pub struct PhoneRuntime(Option<tokio::runtime::Runtime>);

impl PhoneRuntime {
    pub fn spawn<F>(&self, future: F) -> tokio::task::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.0.as_ref().expect("running").spawn(future)
    }
}

impl Drop for PhoneRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// The NFQUEUE consumer of a delay: holds each queued packet for the delay, in order,
/// then lets it go on.
struct Delayer {
    stop: Arc<AtomicBool>,
    released: Arc<AtomicU64>,
    thread: Option<JoinHandle<()>>,
}

impl Delayer {
    fn start(ns_path: String, delay: Duration) -> Result<Delayer, String> {
        let stop = Arc::new(AtomicBool::new(false));
        let (ready, opened) = std::sync::mpsc::channel();
        let (stopping, released) = (stop.clone(), Arc::new(AtomicU64::new(0)));
        let counted = released.clone();
        let thread = std::thread::spawn(move || {
            let queue = enter(&ns_path).and_then(|()| {
                let mut queue = nfq::Queue::open().map_err(|err| format!("NFQUEUE socket: {err}"))?;
                queue.bind(DELAY_QUEUE).map_err(|err| format!("NFQUEUE {DELAY_QUEUE}: {err}"))?;
                queue.set_queue_max_len(DELAY_QUEUE, 8192).map_err(|err| format!("NFQUEUE length: {err}"))?;
                queue.set_nonblocking(true);
                Ok(queue)
            });
            let mut queue = match queue {
                Ok(queue) => {
                    let _ = ready.send(Ok(()));
                    queue
                }
                Err(why) => {
                    let _ = ready.send(Err(why));
                    return;
                }
            };
            hold_and_release(&mut queue, delay, &stopping, &counted);
        });
        opened.recv().map_err(|_| "the delay's thread stopped".to_owned())??;
        Ok(Delayer { stop, released, thread: Some(thread) })
    }
}

impl Drop for Delayer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Takes every packet the queue offers and lets each go once it is `delay` old; once
/// `stop` is set, lets everything held go and returns. Counts what it lets go.
fn hold_and_release(queue: &mut nfq::Queue, delay: Duration, stop: &AtomicBool, released: &AtomicU64) {
    let mut held: VecDeque<(Instant, nfq::Message)> = VecDeque::new();
    loop {
        let stopping = stop.load(Ordering::Acquire);
        while let Ok(message) = queue.recv() {
            held.push_back((Instant::now() + delay, message));
        }
        let now = Instant::now();
        while held.front().is_some_and(|(due, _)| stopping || *due <= now) {
            let Some((_, mut message)) = held.pop_front() else { break };
            message.set_verdict(nfq::Verdict::Accept);
            match queue.verdict(message) {
                Ok(()) => _ = released.fetch_add(1, Ordering::Relaxed),
                Err(err) => eprintln!("the delay could not release a packet: {err}"),
            }
        }
        if stopping {
            let _ = queue.unbind(DELAY_QUEUE);
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Moves this thread into the network namespace at `path`.
fn enter(path: &str) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|err| format!("{path}: {err}"))?;
    // SAFETY: setns only changes this thread's namespace; the descriptor is valid for the call.
    if unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
        return Err(format!("setns {path}: {}", std::io::Error::last_os_error()));
    }
    Ok(())
}

fn run_command(program: &str, args: &[&str]) -> Result<(), String> {
    let output = Command::new(program).args(args).output().map_err(|err| format!("{program}: {err}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{program} {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()))
    }
}
