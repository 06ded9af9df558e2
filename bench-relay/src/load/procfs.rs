//! CPU time and memory of a process, read from /proc.

use std::time::Instant;

use crate::error::{Error, Result};

/// Kernel clock ticks per second in /proc/PID/stat (USER_HZ, 100 on Linux).
const USER_HZ: f64 = 100.0;

#[derive(Debug, Clone, Copy)]
pub struct ProcSample {
    at: Instant,
    /// utime + stime, in clock ticks.
    cpu_ticks: u64,
    pub rss_kib: u64,
    pub threads: u64,
}

impl ProcSample {
    /// CPU use between two samples in percent of one core.
    pub fn cpu_percent_since(&self, earlier: &ProcSample) -> f64 {
        let seconds = self.at.duration_since(earlier.at).as_secs_f64();
        if seconds <= 0.0 {
            return 0.0;
        }
        (self.cpu_ticks.saturating_sub(earlier.cpu_ticks)) as f64 / USER_HZ / seconds * 100.0
    }
}

/// Samples several processes as one: their CPU time, memory and threads summed.
pub fn sample_total(pids: &[String]) -> Result<ProcSample> {
    let mut total: Option<ProcSample> = None;
    for pid in pids {
        let one = sample(pid)?;
        total = Some(match total {
            None => one,
            Some(sum) => ProcSample { at: sum.at, cpu_ticks: sum.cpu_ticks + one.cpu_ticks, rss_kib: sum.rss_kib + one.rss_kib, threads: sum.threads + one.threads },
        });
    }
    total.ok_or_else(|| Error::Proc("no process to sample".into()))
}

/// Samples `pid` ("self" works too).
pub fn sample(pid: &str) -> Result<ProcSample> {
    let at = Instant::now();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).ok_or_else(|| Error::Proc(format!("odd stat line {stat:?}")))?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Field 3 (state) is fields[0]; utime and stime are fields 14 and 15.
    let tick = |index: usize| -> Result<u64> {
        fields.get(index).and_then(|v| v.parse().ok()).ok_or_else(|| Error::Proc(format!("no field {} in {stat:?}", index + 3)))
    };
    let cpu_ticks = tick(11)? + tick(12)?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let field = |name: &str| -> Result<u64> {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| Error::Proc(format!("no {name} in /proc/{pid}/status")))
    };
    Ok(ProcSample { at, cpu_ticks, rss_kib: field("VmRSS:")?, threads: field("Threads:")? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_memory_threads_and_rising_cpu_time() {
        let first = sample("self").expect("sample");
        let mut spin = 0u64;
        let started = Instant::now();
        while started.elapsed().as_millis() < 100 {
            spin = spin.wrapping_add(1);
        }
        let second = sample("self").expect("sample");
        assert!(spin > 0);
        assert!(first.rss_kib > 0 && first.threads >= 1);
        assert!(second.cpu_percent_since(&first) > 0.0);
    }
}
