//! Opt-in phase timings: with `TIERBOOK_TIMINGS=1` in the environment, each named phase of a
//! build prints how long it took, and the process's resident and peak memory, to stderr. For
//! finding where a slow or large build spends its time and memory.

use std::time::Instant;

pub(crate) struct Phases {
    enabled: bool,
    last: Instant,
}

impl Phases {
    pub(crate) fn start() -> Phases {
        Phases { enabled: std::env::var_os("TIERBOOK_TIMINGS").is_some_and(|v| v != "0"), last: Instant::now() }
    }

    /// Ends the phase running since the last mark.
    pub(crate) fn mark(&mut self, phase: &str) {
        if self.enabled {
            let now = Instant::now();
            eprintln!("timing: {phase:<22} {:>8.1} ms{}", (now - self.last).as_secs_f64() * 1000.0, memory());
            self.last = now;
        }
    }
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
