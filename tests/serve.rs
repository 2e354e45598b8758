//! `tierbook serve`: the real binary on a free loopback port, spoken to over plain TCP so that
//! request targets go out exactly as written (no client normalises `..` away).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::{replace_once, tierbook, TestSite, MINIMAL_CONFIG};

/// A running `tierbook serve`; killed and waited for on drop.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    address: String,
    /// Lines the server printed on stdout after its URL.
    stdout: mpsc::Receiver<String>,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let mut child = tierbook()
            .args(["serve", "--root"])
            .arg(site.root())
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tierbook serve");
        let (tx, stdout) = mpsc::channel();
        let out = child.stdout.take().expect("piped stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let err = child.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            // Drained so the server never blocks on a full pipe; shown if a test fails.
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                eprintln!("[serve stderr] {line}");
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut server = Server { child, address: String::new(), stdout };
        while Instant::now() < deadline {
            match server.stdout.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("Serving http://") {
                        let address = url.split('/').next().unwrap_or_default();
                        assert!(address.starts_with("127.0.0.1:"), "not loopback: {line}");
                        server.address = address.to_string();
                        return server;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        panic!("tierbook serve printed no URL (exit: {:?})", server.child.try_wait());
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.address).expect("connect to the server");
        // Generous: the test machine may be busy; these tests are about answers, not speed.
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        stream
    }

    /// Sends one request with `target` exactly as given and reads the response.
    fn request(&self, method: &str, target: &str) -> Reply {
        let mut stream = self.connect();
        write!(stream, "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.address).unwrap();
        read_reply(&mut BufReader::new(stream), method == "HEAD").expect("a response")
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    /// Opens the live-reload stream.
    fn events(&self) -> Events {
        let mut stream = self.connect();
        write!(stream, "GET /__tierbook/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.address).unwrap();
        let mut events = Events { reader: BufReader::new(stream), head: String::new() };
        loop {
            let mut line = String::new();
            events.reader.read_line(&mut line).expect("event stream head");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            events.head.push_str(&line);
        }
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed HTTP response.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> &str {
        self.header("Content-Type").unwrap_or_default()
    }
}

/// Reads one response (status line, headers, a Content-Length body) off a connection.
fn read_reply(reader: &mut impl BufRead, head_only: bool) -> std::io::Result<Reply> {
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {status_line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; if head_only { 0 } else { length }];
    reader.read_exact(&mut body)?;
    Ok(Reply { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

/// An open live-reload stream.
struct Events {
    reader: BufReader<TcpStream>,
    head: String,
}

impl Events {
    /// The next build id announced, waiting at most `within`.
    fn next_build(&mut self, within: Duration) -> Option<String> {
        let deadline = Instant::now() + within;
        let mut event = String::new();
        while Instant::now() < deadline {
            let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(_) => return None,
            }
            if line == "\n" {
                if event.starts_with("event: build\n") {
                    return event.lines().find_map(|l| l.strip_prefix("data: ")).map(str::to_string);
                }
                event.clear();
            } else {
                event.push_str(&line);
            }
        }
        None
    }
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn home(text: &str) -> String {
    format!("+++\ntitle = \"Home\"\n+++\n\n{text}\n")
}

#[test]
fn pages_and_assets_are_served_with_their_types() {
    let site = TestSite::new()
        .file("content/about.md", "+++\ntitle = \"About\"\ndescription = \"About us.\"\n+++\n\nAbout text.\n")
        .file("static/calc/calculator_bg.wasm", "\0asm")
        .file("static/data/terms.json", "{}")
        .file("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("static/img/photo.png", "png")
        .file("static/fonts/a.woff2", "woff2")
        .file("static/forms/form.pdf", "%PDF-1.4")
        .file("static/big.txt", &"0123456789abcdef\n".repeat(8192));
    let server = Server::start(&site);

    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type(), "text/html; charset=utf-8");
    assert_eq!(page.header("Cache-Control"), Some("no-store"));
    assert!(page.body.contains("Welcome."), "{}", page.body);
    assert!(page.body.contains("<script type=\"module\" src=\"/__tierbook/reload.js?build="));
    assert!(!page.body.contains("tierbook-errors"));

    let table = [
        ("/about/", "text/html; charset=utf-8"),
        ("/css/style.css", "text/css; charset=utf-8"),
        ("/js/training.js", "text/javascript; charset=utf-8"),
        ("/calc/calculator_bg.wasm", "application/wasm"),
        ("/data/terms.json", "application/json"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/img/logo.svg", "image/svg+xml"),
        ("/img/photo.png", "image/png"),
        ("/fonts/a.woff2", "font/woff2"),
        ("/forms/form.pdf", "application/pdf"),
        ("/__tierbook/reload.js", "text/javascript; charset=utf-8"),
        ("/__tierbook/overlay.css", "text/css; charset=utf-8"),
    ];
    for (target, content_type) in table {
        let reply = server.get(target);
        assert_eq!((reply.status, reply.content_type()), (200, content_type), "{target}");
        assert_eq!(reply.header("Cache-Control"), Some("no-store"), "{target}");
    }
    assert!(!server.get("/css/style.css").body.contains("__tierbook"), "only HTML gets the client");

    let big = server.get("/big.txt");
    assert_eq!(big.header("Content-Length"), Some("139264"), "large files are not chunked");
    assert_eq!(big.body.len(), 139_264);

    let folder = server.get("/about");
    assert_eq!((folder.status, folder.header("Location")), (301, Some("/about/")));

    let missing = server.get("/no/such/page/");
    assert_eq!((missing.status, missing.content_type()), (404, "text/html; charset=utf-8"));
    assert!(missing.body.contains("/__tierbook/reload.js"), "the 404 page reloads too");

    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("Content-Length"), page.header("Content-Length"));

    // A service worker from a built copy on this address would hide edits: serve retires it.
    let worker = server.get("/sw.js");
    assert_eq!((worker.status, worker.content_type()), (200, "text/javascript; charset=utf-8"));
    assert!(worker.body.contains("self.registration.unregister()"), "{}", worker.body);

    let events = server.events();
    assert!(events.head.starts_with("HTTP/1.1 200"), "{}", events.head);
    assert!(events.head.contains("Content-Type: text/event-stream"), "{}", events.head);
}

#[test]
fn only_serve_adds_the_reload_client() {
    let site = TestSite::new().built();
    assert!(!site.read("index.html").contains("__tierbook"));
    let server = Server::start(&site);
    assert!(server.get("/").body.contains("__tierbook/reload.js"));
}

#[test]
fn other_methods_get_405() {
    let server = Server::start(&TestSite::new());
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let reply = server.request(method, "/");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("Allow"), Some("GET, HEAD"), "{method}");
    }
}

#[test]
fn no_request_target_reaches_a_file_outside_the_site() {
    const SECRET: &str = "SECRET-OUTSIDE-THE-SITE";
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), SECRET).unwrap();
    let site = TestSite::new();
    // Symlinks inside the site that lead out of it: a file and a folder, in static/ and content/.
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        std::fs::create_dir_all(site.root().join("static")).unwrap();
        symlink(outside.path().join("secret.txt"), site.root().join("static/leak.txt")).unwrap();
        symlink(outside.path(), site.root().join("static/outside")).unwrap();
        symlink(outside.path().join("secret.txt"), site.root().join("content/leak.txt")).unwrap();
        symlink(outside.path(), site.root().join("content/outside")).unwrap();
    }
    let server = Server::start(&site);
    // The site's own folder, relative to the served root, and the secret's absolute path.
    let secret = outside.path().join("secret.txt");
    let secret = secret.to_string_lossy();
    let up = "../".repeat(site.root().components().count() + 2);
    let targets = vec![
        "/leak.txt".to_string(),
        "/outside/secret.txt".to_string(),
        "/outside/".to_string(),
        "/tierbook.toml".to_string(),
        "/../tierbook.toml".to_string(),
        "/content/_index.md".to_string(),
        format!("/{up}{}", secret.trim_start_matches('/')),
        format!("/{}", up.replace("..", "%2e%2e")) + secret.trim_start_matches('/'),
        format!("/{}", up.replace("..", "%2E%2E")) + secret.trim_start_matches('/'),
        format!("/{}", up.replace("..", ".%2e")) + secret.trim_start_matches('/'),
        format!("/{}", up.replace("../", "..%2f")) + secret.trim_start_matches('/'),
        format!("/{}", up.replace("../", "..%5c")) + secret.trim_start_matches('/'),
        format!("/{}", up.replace("../", "..\\")) + secret.trim_start_matches('/'),
        format!("/{}", up.replace("..", "%252e%252e")) + secret.trim_start_matches('/'),
        format!("/{}", up.replace("..", "%c0%ae%c0%ae")) + secret.trim_start_matches('/'),
        format!("/%2e%2e%2f%2e%2e%2f{}", secret.trim_start_matches('/').replace('/', "%2f")),
        secret.to_string(),
        format!("/index.html%00{secret}"),
        format!("http://127.0.0.1{secret}"),
        format!("file://{secret}"),
        format!("/{}", "a/".repeat(3000)),
        "/../../../../../../etc/passwd".to_string(),
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_string(),
        "/..%5c..%5c..%5c..%5cetc%5cpasswd".to_string(),
    ];
    for target in &targets {
        let reply = server.get(target);
        assert!(matches!(reply.status, 400 | 404), "{target} gave {}", reply.status);
        assert!(!reply.body.contains(SECRET), "{target} leaked the secret");
        assert!(!reply.body.contains("root:x:"), "{target} leaked /etc/passwd");
        assert!(!reply.body.contains("base_url"), "{target} leaked the config");
    }
    assert_eq!(server.get("/").status, 200, "the server still answers");
}

#[test]
fn an_edit_reloads_a_broken_edit_shows_the_overlay_and_the_fix_clears_it() {
    let site = TestSite::new();
    let server = Server::start(&site);
    let mut events = server.events();
    let first = events.next_build(Duration::from_secs(10)).expect("the current build id on connect");

    write(site.root(), "content/_index.md", &home("Edited text."));
    let second = events.next_build(Duration::from_secs(10)).expect("a reload event after the edit");
    assert_ne!(first, second);
    let page = server.get("/");
    assert!(page.body.contains("Edited text."), "{}", page.body);
    assert!(page.body.contains(&format!("reload.js?build={second}")));

    // A broken edit: the last good page is still served, with the errors over it.
    write(site.root(), "content/_index.md", "+++\ntitle = \"Home\"\nnot valid toml\n+++\n\nBroken text.\n");
    let third = events.next_build(Duration::from_secs(10)).expect("a reload event after the broken edit");
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Edited text."), "the last good build is served: {}", page.body);
    assert!(!page.body.contains("Broken text."));
    assert!(page.body.contains("class=\"tierbook-errors\""), "{}", page.body);
    assert!(page.body.contains("<code>content/_index.md:3:"), "{}", page.body);
    assert!(page.body.contains("href=\"/__tierbook/overlay.css\""));
    assert!(page.body.contains(&format!("reload.js?build={third}")));
    assert!(server.get("/no-such-page/").body.contains("tierbook-errors"), "on every page");

    write(site.root(), "content/_index.md", &home("Fixed text."));
    events.next_build(Duration::from_secs(10)).expect("a reload event after the fix");
    let page = server.get("/");
    assert!(page.body.contains("Fixed text."), "{}", page.body);
    assert!(!page.body.contains("tierbook-errors"), "the overlay is gone: {}", page.body);
}

#[test]
fn editor_temp_files_do_not_rebuild() {
    let site = TestSite::new();
    let server = Server::start(&site);
    let mut events = server.events();
    events.next_build(Duration::from_secs(10)).expect("the current build id");
    write(site.root(), "content/.swap.md.swp", "x");
    write(site.root(), "content/_index.md~", "x");
    write(site.root(), ".git/index", "x");
    write(site.root(), "public/index.html", "x");
    assert_eq!(events.next_build(Duration::from_millis(600)), None);
    write(site.root(), "tierbook.toml", &replace_once(MINIMAL_CONFIG, "Test site", "Renamed site"));
    events.next_build(Duration::from_secs(10)).expect("a config change rebuilds");
    assert!(server.get("/").body.contains("Renamed site"));
}

#[test]
fn a_restarted_server_has_a_new_build_id() {
    let site = TestSite::new();
    let before = Server::start(&site).events().next_build(Duration::from_secs(10));
    let after = Server::start(&site).events().next_build(Duration::from_secs(10));
    assert!(before.is_some() && after.is_some());
    assert_ne!(before, after, "pages opened before a restart must reload");
}

#[test]
fn a_missing_page_under_es_gets_the_spanish_404_page() {
    let config = format!("{MINIMAL_CONFIG}\n[languages]\nes = {{ name = \"Español\" }}\n");
    let site = TestSite::new().file("tierbook.toml", &config);
    let server = Server::start(&site);
    let spanish = server.get("/es/no-such-page/");
    assert_eq!((spanish.status, spanish.content_type()), (404, "text/html; charset=utf-8"));
    assert!(spanish.body.contains("<html lang=\"es\""), "{}", spanish.body);
    assert!(spanish.body.contains("No se encontró la página"), "the Spanish 404 page");
    assert!(spanish.body.contains("/__tierbook/reload.js"), "the Spanish 404 page reloads too");
    assert_eq!(server.get("/es/guides/x?y=1").status, 404);
    let english = server.get("/no-such-page/");
    assert_eq!(english.status, 404);
    assert!(english.body.contains("<html lang=\"en\"") && !english.body.contains("No se encontró"), "{}", english.body);
}

#[test]
fn a_site_under_a_base_path_is_served_there() {
    let site = TestSite::new()
        .file("tierbook.toml", &replace_once(MINIMAL_CONFIG, "https://example.test/", "https://district.example/pd/"));
    let server = Server::start(&site);
    assert_eq!(server.get("/").header("Location"), Some("/pd/"));
    assert_eq!(server.get("/pd").header("Location"), Some("/pd/"));
    assert_eq!(server.get("/pd/").status, 200);
    assert_eq!(server.get("/pd/css/style.css").status, 200);
    assert_eq!(server.get("/css/style.css").status, 404);
}

#[test]
fn a_port_in_use_is_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = TestSite::new();
    let run = site.run(&["serve", "--port", &port]);
    run.exit(2).stderr_has(&format!("port {port} is already in use"));
}

#[test]
fn a_burst_of_2000_requests_over_50_connections_all_succeed() {
    let server = Server::start(&TestSite::new());
    let targets = ["/", "/css/style.css", "/js/training.js", "/sitemap.xml", "/missing/"];
    let workers: Vec<_> = (0..50)
        .map(|worker| {
            let stream = server.connect();
            let host = server.address.clone();
            std::thread::spawn(move || -> Result<usize, String> {
                let mut writer = stream.try_clone().map_err(|e| e.to_string())?;
                let mut reader = BufReader::new(stream);
                let mut ok = 0;
                for i in 0..40 {
                    let target = targets[(worker + i) % targets.len()];
                    write!(writer, "GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n").map_err(|e| e.to_string())?;
                    let reply = read_reply(&mut reader, false).map_err(|e| format!("{target}: {e}"))?;
                    let expected = if target == "/missing/" { 404 } else { 200 };
                    if reply.status != expected {
                        return Err(format!("{target}: status {}", reply.status));
                    }
                    ok += 1;
                }
                Ok(ok)
            })
        })
        .collect();
    let answered: usize = workers.into_iter().map(|w| w.join().unwrap().unwrap()).sum();
    assert_eq!(answered, 2000);
}

#[test]
fn open_streams_and_a_slow_client_do_not_block_requests() {
    let server = Server::start(&TestSite::new());
    let streams: Vec<Events> = (0..50).map(|_| server.events()).collect();
    // A client that sends half a request line and then nothing.
    let mut slow = server.connect();
    slow.write_all(b"GET / HT").unwrap();
    for _ in 0..20 {
        let started = Instant::now();
        assert_eq!(server.get("/").status, 200);
        assert!(started.elapsed() < Duration::from_secs(5), "a request waited {:?}", started.elapsed());
    }
    drop(streams);
}

#[test]
fn a_site_broken_at_start_up_shows_its_errors_then_recovers() {
    let site = TestSite::new().file("content/_index.md", "+++\ntitle = \"Home\"\nnot valid toml\n+++\n\nBroken.\n");
    let server = Server::start(&site);
    let mut events = server.events();
    events.next_build(Duration::from_secs(10)).expect("the current build id");
    let page = server.get("/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("<code>content/_index.md:3:"), "{}", page.body);
    assert!(page.body.contains("/__tierbook/reload.js"), "it reloads once fixed");

    write(site.root(), "content/_index.md", &home("Working now."));
    events.next_build(Duration::from_secs(10)).expect("a reload event after the fix");
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Working now.") && !page.body.contains("tierbook-errors"), "{}", page.body);
}

#[test]
fn a_templates_folder_made_after_start_up_is_watched() {
    let site = TestSite::new();
    let server = Server::start(&site);
    let mut events = server.events();
    events.next_build(Duration::from_secs(10)).expect("the current build id");
    write(site.root(), "templates/404.html", "<!doctype html><html><body>Custom not-found page</body></html>\n");
    events.next_build(Duration::from_secs(10)).expect("a reload event for the new template");
    let missing = server.get("/nothing-here/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Custom not-found page"), "{}", missing.body);
}
