//! Live reload: the Server-Sent Events stream that tells open pages about new builds, the client
//! module that listens to it, and the error overlay shown on pages while a rebuild is failing.
//!
//! tiny_http buffers a streamed `Response` body, so the stream takes the raw connection with
//! `Request::into_writer`, writes the status line and headers by hand and flushes after each
//! event. Each stream runs on a thread of its own.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use crate::blocks::escape;
use crate::error::{Diagnostic, Error};

/// Where the event stream and the client's files are served (outside any base path).
pub const PREFIX: &str = "/__tierbook/";
pub const EVENTS: &str = "/__tierbook/events";
pub const CLIENT_JS: &str = "/__tierbook/reload.js";
pub const OVERLAY_CSS: &str = "/__tierbook/overlay.css";

/// The client module, served at [`CLIENT_JS`].
pub const CLIENT_JS_SOURCE: &str = include_str!("reload.js");
/// The overlay's style sheet, served at [`OVERLAY_CSS`].
pub const OVERLAY_CSS_SOURCE: &str = include_str!("overlay.css");
/// Served at `<base>sw.js` instead of the site's service worker: it retires any worker a built
/// copy left on this address, which would otherwise answer from its cache and hide edits.
pub const RETIRED_WORKER_SOURCE: &str = include_str!("retired-sw.js");

/// A comment line is sent this often so that streams of closed tabs fail and end.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// Open streams beyond this get 503: each holds a thread.
const MAX_STREAMS: usize = 256;

/// The current build id, and a way to wait for the next one.
#[derive(Debug)]
pub struct Reload {
    build_id: Mutex<String>,
    changed: Condvar,
    streams: AtomicUsize,
}

impl Reload {
    pub fn new(build_id: String) -> Self {
        Reload { build_id: Mutex::new(build_id), changed: Condvar::new(), streams: AtomicUsize::new(0) }
    }

    /// Announces a new build to every open stream. Call it only once the build is being served.
    pub fn publish(&self, build_id: &str) {
        let mut current = self.build_id.lock().unwrap_or_else(PoisonError::into_inner);
        build_id.clone_into(&mut current);
        drop(current);
        self.changed.notify_all();
    }

    /// Answers an event-stream request: a thread of its own sends the current build id at once,
    /// then every new one, until the client goes away.
    pub fn stream(self: &Arc<Self>, request: super::http::Request) {
        if self.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
            self.streams.fetch_sub(1, Ordering::SeqCst);
            let _ =
                request.respond(tiny_http::Response::from_string("too many open reload streams").with_status_code(503));
            return;
        }
        let reload = Arc::clone(self);
        let spawned = std::thread::Builder::new().name("tierbook-sse".into()).spawn(move || {
            let writer = request.into_writer();
            let _ = reload.send_events(writer);
            reload.streams.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            self.streams.fetch_sub(1, Ordering::SeqCst);
        }
    }

    fn send_events(&self, mut writer: Box<dyn Write + Send>) -> std::io::Result<()> {
        writer.write_all(
            b"HTTP/1.1 200 OK\r\n\
              Content-Type: text/event-stream; charset=utf-8\r\n\
              Cache-Control: no-store\r\n\
              X-Content-Type-Options: nosniff\r\n\
              Connection: close\r\n\
              \r\n\
              retry: 1000\n\n",
        )?;
        let mut sent = self.build_id.lock().unwrap_or_else(PoisonError::into_inner).clone();
        writer.write_all(build_event(&sent).as_bytes())?;
        writer.flush()?;
        loop {
            let current = self.build_id.lock().unwrap_or_else(PoisonError::into_inner);
            let (current, _) = self
                .changed
                .wait_timeout_while(current, KEEPALIVE, |id| *id == sent)
                .unwrap_or_else(PoisonError::into_inner);
            if *current == sent {
                drop(current);
                writer.write_all(b": keep-alive\n\n")?;
            } else {
                sent = current.clone();
                drop(current);
                writer.write_all(build_event(&sent).as_bytes())?;
            }
            writer.flush()?;
        }
    }
}

fn build_event(build_id: &str) -> String {
    format!("event: build\ndata: {build_id}\n\n")
}

/// One reason a build failed, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `content/x.md:3:5`, a file, a template name, or empty.
    pub location: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    fn from_diagnostic(d: &Diagnostic) -> Self {
        let mut location = d.path.display().to_string();
        if d.line > 0 {
            location.push_str(&format!(":{}:{}", d.line, d.column.max(1)));
        }
        Problem { location, message: d.message.clone(), hint: d.hint.clone() }
    }
}

/// Everything that made a build fail, one entry per error.
pub fn problems(err: &Error) -> Vec<Problem> {
    let problems: Vec<Problem> = match err {
        Error::Content(diagnostics) => {
            diagnostics.iter().filter(|d| d.is_error()).map(Problem::from_diagnostic).collect()
        }
        Error::Config(diagnostic) => vec![Problem::from_diagnostic(diagnostic)],
        Error::Template { name, message } => {
            vec![Problem { location: format!("template {name}"), message: message.clone(), hint: None }]
        }
        Error::Io { path, source } => {
            vec![Problem { location: path.display().to_string(), message: source.to_string(), hint: None }]
        }
        Error::Usage(message) => vec![Problem { location: String::new(), message: message.clone(), hint: None }],
    };
    if problems.is_empty() {
        vec![Problem { location: String::new(), message: err.to_string(), hint: None }]
    } else {
        problems
    }
}

/// Adds the reload module (and, while the latest build failed, the error overlay) to an HTML
/// page, just before its last `</body>`, or at the end when it has none.
pub fn inject(html: &[u8], build_id: &str, problems: &[Problem]) -> Vec<u8> {
    let snippet = snippet(build_id, problems);
    let at = find_last_ignore_case(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page served for every path while no build has succeeded yet.
pub fn placeholder_page(build_id: &str, problems: &[Problem]) -> Vec<u8> {
    let page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
                <title>Site not built yet - tierbook serve</title>\n</head>\n<body>\n\
                <main><h1>The site could not be built yet</h1>\n\
                <p>Fix the errors below and save; this page reloads by itself.</p></main>\n</body>\n</html>\n";
    inject(page.as_bytes(), build_id, problems)
}

fn snippet(build_id: &str, problems: &[Problem]) -> String {
    let mut out = String::new();
    if !problems.is_empty() {
        out.push_str(&format!("<link rel=\"stylesheet\" href=\"{OVERLAY_CSS}\">\n"));
        out.push_str(&overlay(problems));
    }
    out.push_str(&format!("<script type=\"module\" src=\"{CLIENT_JS}?build={}\"></script>\n", escape(build_id)));
    out
}

/// The error panel: a `<details>` so it can be folded away without any script.
fn overlay(problems: &[Problem]) -> String {
    let count = problems.len();
    let mut out = String::from("<details class=\"tierbook-errors\" id=\"tierbook-errors\" role=\"alert\" open>\n");
    out.push_str(&format!(
        "<summary>tierbook: the last change broke the build ({count} error{})</summary>\n",
        if count == 1 { "" } else { "s" }
    ));
    out.push_str("<p>You are seeing the last version that built. Fix the following and save:</p>\n<ol>\n");
    for problem in problems {
        out.push_str("<li>");
        if !problem.location.is_empty() {
            out.push_str(&format!("<code>{}</code> ", escape(&problem.location)));
        }
        out.push_str(&escape(&problem.message));
        if let Some(hint) = &problem.hint {
            out.push_str(&format!("<span class=\"tierbook-hint\">hint: {}</span>", escape(hint)));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</details>\n");
    out
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len()).rev().find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(location: &str, message: &str) -> Problem {
        Problem { location: location.into(), message: message.into(), hint: None }
    }

    #[test]
    fn injects_the_client_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></BODY>\n</html>";
        let out = String::from_utf8(inject(html, "abc-1", &[])).unwrap_or_default();
        assert_eq!(
            out,
            "<html><body><p>x</p><script type=\"module\" src=\"/__tierbook/reload.js?build=abc-1\"></script>\n</BODY>\n</html>"
        );
        assert!(!out.contains("tierbook-errors"));
    }

    #[test]
    fn appends_when_there_is_no_body_end() {
        let out = String::from_utf8(inject(b"<p>x</p>", "1", &[])).unwrap_or_default();
        assert!(out.starts_with("<p>x</p><script type=\"module\""), "{out}");
    }

    #[test]
    fn overlay_lists_every_problem_escaped() {
        let problems = vec![
            Problem { hint: Some("close it with \"+++\"".into()), ..problem("content/a.md:3:1", "bad <front> matter") },
            problem("template page.html", "x & y"),
        ];
        let out = String::from_utf8(inject(b"<body></body>", "1", &problems)).unwrap_or_default();
        assert!(out.contains("<link rel=\"stylesheet\" href=\"/__tierbook/overlay.css\">"));
        assert!(out.contains("(2 errors)"));
        assert!(out.contains("<code>content/a.md:3:1</code> bad &lt;front&gt; matter"));
        assert!(out.contains("hint: close it with &quot;+++&quot;"));
        assert!(out.contains("<code>template page.html</code> x &amp; y"));
        assert!(!out.contains("style="), "no inline styles: the page's CSP may forbid them");
    }

    #[test]
    fn problems_come_from_every_kind_of_error() {
        let content = Error::Content(vec![
            Diagnostic::error("content/a.md", 4, 0, "broken").with_hint("fix it"),
            Diagnostic::warning("content/b.md", 1, 1, "only a warning"),
        ]);
        assert_eq!(
            problems(&content),
            vec![Problem {
                location: "content/a.md:4:1".into(),
                message: "broken".into(),
                hint: Some("fix it".into())
            }]
        );
        let template = Error::Template { name: "page.html".into(), message: "unknown filter".into() };
        assert_eq!(problems(&template), vec![problem("template page.html", "unknown filter")]);
        assert_eq!(problems(&Error::Usage("no content/".into())), vec![problem("", "no content/")]);
        assert_eq!(problems(&Error::Content(Vec::new())).len(), 1);
    }

    #[test]
    fn the_stream_sends_the_current_build_then_each_new_one() {
        use std::sync::mpsc;

        // A writer that forwards everything written to a channel, so the test can read events
        // as they are flushed.
        struct Pipe(mpsc::Sender<Vec<u8>>);
        impl Write for Pipe {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.send(buf.to_vec()).map_err(|_| std::io::Error::other("closed"))?;
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }

        let reload = Arc::new(Reload::new("a-1".into()));
        let (tx, rx) = mpsc::channel();
        let streaming = Arc::clone(&reload);
        std::thread::spawn(move || streaming.send_events(Box::new(Pipe(tx))));
        let mut seen = String::new();
        let mut wait_for = |needle: &str| {
            while !seen.contains(needle) {
                let chunk = rx.recv_timeout(Duration::from_secs(5)).unwrap_or_default();
                assert!(!chunk.is_empty(), "no {needle:?} in {seen:?}");
                seen.push_str(&String::from_utf8_lossy(&chunk));
            }
        };
        wait_for("event: build\ndata: a-1\n\n");
        reload.publish("a-2");
        wait_for("event: build\ndata: a-2\n\n");
    }
}
