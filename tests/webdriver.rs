//! A small blocking W3C WebDriver client for the browser tests: it starts the OS's chromedriver on
//! a free port, opens a headless Chromium session and speaks JSON over HTTP (ureq, no TLS). No async
//! runtime and no CDP crate: about 20 s of compile time instead of minutes (notes/wasm-and-browser.md).

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use tierbook::serve::mime_type;

use crate::harness::{free_port, require_tool, TestSite, Tool};

/// The key W3C WebDriver uses for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Chromium and chromedriver, through the harness's tool gate: `None` (after saying so) only
/// when they are missing and `TIERBOOK_SKIP_TOOLS` names `chromium`; missing otherwise fails.
pub fn binaries(test: &str) -> Option<(PathBuf, PathBuf)> {
    let chrome = require_tool(Tool::Chromium, test)?;
    let driver = require_tool(Tool::Chromedriver, test)?;
    Some((chrome, driver))
}

/// A headless browser session for `test`, or `None` as for [`binaries`].
pub fn browser(test: &str) -> Option<Browser> {
    let (chrome, driver) = binaries(test)?;
    Some(Browser::start(&chrome, &driver))
}

pub struct Browser {
    driver: Child,
    agent: ureq::Agent,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start(chrome: &std::path::Path, driver: &std::path::Path) -> Browser {
        Browser::start_with(chrome, driver, &[])
    }

    /// Like [`Browser::start`], with extra Chromium flags (e.g. `--blink-settings=...`).
    pub fn start_with(chrome: &std::path::Path, driver: &std::path::Path, extra_args: &[&str]) -> Browser {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("start {}: {err}", driver.display()));
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build();
        let agent = ureq::Agent::new_with_config(config);
        let profile = tempfile::tempdir().expect("profile folder");
        let mut browser = Browser { driver: child, agent, session: String::new(), _profile: profile };
        let root = format!("http://127.0.0.1:{port}");
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ]
        .map(String::from)
        .to_vec();
        args.push(format!("--user-data-dir={}", browser._profile.path().display()));
        args.extend(extra_args.iter().map(|a| a.to_string()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chrome.display().to_string(),
                "args": args,
            },
        }}});
        // chromedriver takes a moment to listen.
        let deadline = Instant::now() + Duration::from_secs(15);
        let session = loop {
            match browser.agent.post(format!("{root}/session")).send_json(&capabilities) {
                Ok(mut response) => {
                    let body: Value = response.body_mut().read_json().expect("session JSON");
                    let id = body["value"]["sessionId"].as_str().map(String::from);
                    break id.unwrap_or_else(|| panic!("no session: {body}"));
                }
                Err(err) if Instant::now() > deadline => panic!("chromedriver did not answer: {err}"),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        };
        browser.session = format!("{root}/session/{session}");
        // An implicit wait makes `find` wait for elements instead of polling loops in the tests.
        browser.post("/timeouts", json!({"implicit": 10_000, "script": 30_000, "pageLoad": 30_000}));
        browser
    }

    fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>, what: &str) -> Value {
        let mut response = response.unwrap_or_else(|err| panic!("{what}: {err}"));
        let ok = response.status().is_success();
        let body: Value = response.body_mut().read_json().unwrap_or_else(|err| panic!("{what}: {err}"));
        assert!(ok, "{what}: {}", body["value"]);
        body["value"].clone()
    }

    pub fn post(&self, path: &str, body: Value) -> Value {
        Browser::answer(self.agent.post(format!("{}{path}", self.session)).send_json(&body), path)
    }

    pub fn get(&self, path: &str) -> Value {
        Browser::answer(self.agent.get(format!("{}{path}", self.session)).call(), path)
    }

    pub fn goto(&self, url: &str) {
        self.post("/url", json!({"url": url}));
    }

    /// The first element matching `css`, waiting up to the implicit timeout.
    pub fn find(&self, css: &str) -> String {
        let value = self.post("/element", json!({"using": "css selector", "value": css}));
        value[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}: {value}")).to_string()
    }

    pub fn click(&self, css: &str) {
        let element = self.find(css);
        self.post(&format!("/element/{element}/click"), json!({}));
    }

    /// Replaces an input's text as a person would: clear it, then type.
    pub fn fill(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.post(&format!("/element/{element}/clear"), json!({}));
        self.post(&format!("/element/{element}/value"), json!({"text": text}));
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": args}))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.session).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

// ---- A static file server for browser tests (added for the training tests) ----

fn respond(mut stream: std::net::TcpStream, root: &std::path::Path, base: &str) {
    use std::io::{BufRead, BufReader, Write};
    if OFFLINE_PORTS.lock().map(|ports| ports.contains(&stream.local_addr().map_or(0, |a| a.port()))).unwrap_or(false) {
        // "Offline": close the connection without an answer, as a dropped network would.
        return;
    }
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = path
        .strip_prefix(base)
        .filter(|rest| !rest.split('/').any(|part| part == ".."))
        .map(|rest| if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() })
        .filter(|rest| root.join(rest).is_file());
    // The product's own table, so a type the browser needs (wasm, modules) is tested as served.
    let _ = match file.and_then(|f| std::fs::read(root.join(&f)).ok().map(|body| (mime_type(&f), body))) {
        Some((kind, body)) => write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .and_then(|()| stream.write_all(&body)),
        None => stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    };
}

/// Serves the built site in `root` under the base path `base` (e.g. `/pd/`) on a free loopback
/// port, for the rest of the test run. Returns the port.
pub fn serve(root: PathBuf, base: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the test server");
    let port = listener.local_addr().expect("local address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || respond(stream, &root, base));
        }
    });
    port
}

/// A built site served by [`serve`] under a base path.
pub struct Served {
    pub site: TestSite,
    /// `http://127.0.0.1:PORT/base/`
    pub root: String,
    pub port: u16,
}

/// Builds `site` for the base path `base` (e.g. `/` or `/pd/`) and serves it.
pub fn serve_site(site: TestSite, base: &'static str) -> Served {
    site.build_with(&["--base-url", &format!("https://tierbook.example{base}")]).success();
    let port = serve(site.out(), base);
    Served { root: format!("http://127.0.0.1:{port}{base}"), port, site }
}

/// Every HTML page of a built site, as URL paths relative to the base (`guides/x/`), leaving out
/// alias pages (they only redirect).
pub fn html_pages(out: &Path) -> Vec<String> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let rel = path.strip_prefix(out).expect("under out").to_string_lossy().replace('\\', "/");
        pages.push(rel.strip_suffix("index.html").map_or(rel.clone(), str::to_string));
    }
    pages
}

impl Browser {
    /// The text content of the first element matching `css` (waiting for it to exist).
    pub fn text(&self, css: &str) -> String {
        self.find(css);
        let value = self.execute("return document.querySelector(arguments[0]).textContent", serde_json::json!([css]));
        value.as_str().unwrap_or_default().trim().to_string()
    }

    /// Waits until the script (a function body returning a boolean) returns true.
    pub fn wait_until(&self, what: &str, script: &str, args: Value) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.execute(script, args.clone()) != Value::Bool(true) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

// ---- Browser helpers for the accessibility, search and offline tests ----

/// Ports of test servers that currently act as if the network were down.
static OFFLINE_PORTS: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());

/// Makes the test server on `port` drop every request (`true`) or answer again (`false`).
pub fn set_offline(port: u16, offline: bool) {
    let mut ports = OFFLINE_PORTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    ports.retain(|&p| p != port);
    if offline {
        ports.push(port);
    }
}

/// WebDriver key codes.
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const SPACE: &str = "\u{E00D}";
pub const ESCAPE: &str = "\u{E00C}";
pub const ARROW_DOWN: &str = "\u{E015}";
pub const SHIFT: &str = "\u{E008}";
pub const ARROW_LEFT: &str = "\u{E012}";
pub const ARROW_RIGHT: &str = "\u{E014}";

impl Browser {
    /// Runs an async script: its last argument is the callback to call with the result.
    pub fn execute_async(&self, script: &str, args: Value) -> Value {
        self.post("/execute/async", serde_json::json!({"script": script, "args": args}))
    }

    /// Presses keys on whatever has focus, as a keyboard would (each key down, then up).
    pub fn press(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for key in keys {
            actions.push(serde_json::json!({"type": "keyDown", "value": key}));
            actions.push(serde_json::json!({"type": "keyUp", "value": key}));
        }
        self.post("/actions", serde_json::json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}));
    }

    /// Types text into whatever has focus.
    pub fn type_text(&self, text: &str) {
        let keys: Vec<String> = text.chars().map(String::from).collect();
        self.press(&keys.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

impl Browser {
    /// Prints the current page to PDF (`options` as for WebDriver's `/print`) and returns how many
    /// pages it takes.
    pub fn print_page_count(&self, options: Value) -> usize {
        let pdf = self.post("/print", options);
        let pdf = base64::engine::general_purpose::STANDARD
            .decode(pdf.as_str().expect("a base64 string"))
            .expect("base64 PDF");
        pdf_page_count(&pdf)
    }
}

/// How many pages a PDF has: the largest `/Count` of its page tree nodes (the root's; a long
/// document's tree has intermediate nodes with counts of their own).
fn pdf_page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Pages")
        .filter_map(|(at, _)| {
            let start = text[..at].rfind("<<")?;
            let node = &text[start..at + text[at..].find(">>")?];
            let count = &node[node.find("/Count ")? + 7..];
            count.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
        })
        .max()
        .expect("a page tree with a count")
}

// ---- Keyboard use ----

impl Browser {
    /// What has focus: a short description and whether its focus indicator is visible.
    pub fn focused(&self) -> Value {
        self.execute(
            "const e = document.activeElement;
             const s = getComputedStyle(e);
             const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
             const shadow = s.boxShadow && s.boxShadow !== 'none';
             const r = e.getBoundingClientRect();
             return { tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, text: (e.textContent || '').trim().slice(0, 60),
                      name: e.getAttribute('name'), href: e.getAttribute('href'),
                      visible: (outline || shadow) && r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight + 5000 };",
            json!([]),
        )
    }

    /// Presses Tab until the focused element matches `css`; fails after `max` presses. Every stop
    /// on the way must show a visible focus indicator. Returns the number of presses.
    pub fn tab_to(&self, css: &str, max: usize) -> usize {
        for n in 1..=max {
            self.press(&[TAB]);
            let f = self.focused();
            assert_eq!(f["visible"], Value::Bool(true), "focus is not visible on {f}");
            if self.execute("return document.activeElement.matches(arguments[0]);", json!([css])) == Value::Bool(true) {
                return n;
            }
        }
        panic!("{css} is not reachable with Tab within {max} stops");
    }
}
