//! Opt-in phase timings: with `TIERBOOK_TIMINGS=1` in the environment, each named phase of a
//! build prints how long it took, and the process's resident and peak memory, to stderr. For
//! finding where a slow or large build spends its time and memory.

use std::time::Instant;

pub(crate) struct Phases {
    enabled: bool,
    last: Instant,
    /// The process's CPU time (user + system, all threads) at `last`, in ms.
    last_cpu: f64,
}

impl Phases {
    pub(crate) fn start() -> Phases {
        let enabled = std::env::var_os("TIERBOOK_TIMINGS").is_some_and(|v| v != "0");
        Phases { enabled, last: Instant::now(), last_cpu: if enabled { cpu_ms() } else { 0.0 } }
    }

    /// Ends the phase running since the last mark.
    pub(crate) fn mark(&mut self, phase: &str) {
        if self.enabled {
            let now = Instant::now();
            let cpu = cpu_ms();
            eprintln!(
                "timing: {phase:<22} {:>8.1} ms  cpu {:>7.0} ms{}",
                (now - self.last).as_secs_f64() * 1000.0,
                cpu - self.last_cpu,
                memory()
            );
            self.last = now;
            self.last_cpu = cpu;
        }
    }
}

/// A line of its own about the phase running (how much of it was reused, say).
pub(crate) fn note(text: std::fmt::Arguments<'_>) {
    if std::env::var_os("TIERBOOK_TIMINGS").is_some_and(|v| v != "0") {
        eprintln!("timing:   {text}");
    }
}

/// The process's CPU time so far (user + system, all threads) in ms, from /proc/self/stat
/// (Linux; 0 elsewhere). On a shared machine this is the steadier figure than the wall time.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces): utime
    // and stime are the 12th and 13th, in clock ticks (100 per second on Linux).
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: f64 = after.split_whitespace().skip(11).take(2).filter_map(|t| t.parse::<f64>().ok()).sum();
    ticks * 10.0
}

/// Resident and peak memory, where the system reports them (Linux).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().trim_end_matches(" kB").trim().to_string())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!("  (resident {rss} kB, peak {peak} kB)"),
        _ => String::new(),
    }
}
