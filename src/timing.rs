//! Opt-in phase timings: with `TIERBOOK_TIMINGS=1` in the environment, each named phase of a
//! build prints how long it took to stderr. For finding where a slow build spends its time.

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
            eprintln!("timing: {phase:<22} {:>8.1} ms", (now - self.last).as_secs_f64() * 1000.0);
            self.last = now;
        }
    }
}
