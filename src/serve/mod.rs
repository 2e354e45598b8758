//! `tierbook serve`: build the site into memory, serve it on this computer, and rebuild and reload
//! open pages when its files change.
//!
//! The site is served under its own base path: the path of `base_url` in `tierbook.toml` (`/` for
//! most sites, `/pd/` for `https://district.example/pd/`), and `/` redirects there. It is built
//! exactly as `tierbook build` builds it, without rewriting `base_url` to the preview's address, so
//! every link is tested the way it will be published; only absolute URLs (feed, sitemap) keep
//! naming the real host. Nothing is read from disk to answer a request: each request resolves
//! (see [`resolve`]) to a file of the in-memory build or to nothing.
//!
//! Requests are read within limits, and only for this computer's own host names (see [`http`]);
//! drafts are built only with `--drafts`.
//!
//! Threads: each connection has a thread that reads its requests and answers them in order; each
//! live-reload stream has a thread of its own (see [`reload`]); the calling thread watches the
//! files and rebuilds. A new build (or a failed one, with its errors) replaces the served state in
//! one swap, and only then are pages told to reload.

mod http;
mod reload;
mod resolve;

use std::io::Write;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use http::Request;
use tiny_http::{Header, Method, Response};

use crate::cli::ServeArgs;
use crate::commands::{build_site_with, BuildOptions};
use crate::error::{Diagnostic, Error, Result};
use crate::output::Output;
use crate::render::RenderCache;
use crate::watch::Watch;
use reload::{Problem, Reload};
use resolve::Resolved;

/// `tierbook serve`. Returns only if the server cannot start or the watcher stops.
pub fn run(args: &ServeArgs) -> Result<u8> {
    let root = args.root.canonicalize().map_err(|err| Error::io(&args.root, err))?;
    // A wrong --root should fail at once, not start a server that shows "no config" forever.
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        crate::config::load(&root, None)?;
    }
    let listener = bind(&args.bind, args.port)?;
    let address = listener.local_addr().map_err(|err| Error::io("<socket>", err))?;
    if !address.ip().is_loopback() {
        let drafts = if args.drafts { ", drafts included," } else { "" };
        eprintln!("warning: listening on {address}: the preview{drafts} is visible to other computers on your network");
    }

    // Watch before the first build, so a save during it is not missed.
    let watch = match Watch::new(&root) {
        Ok(watch) => Some(watch),
        Err(err) => {
            eprintln!("warning: {err}; pages will not reload when files change");
            None
        }
    };
    let mut builder =
        Rebuilder::new(root, BuildOptions { base_url: None, drafts: args.drafts, preview: true, lms: None });
    let first = builder.build();
    if let Err(Error::Usage(_)) = &first.result {
        return first.result.map(|_| 0);
    }
    let shared = Arc::new(Shared::new(first.build_id.clone()));
    shared.swap(first.result, first.build_id);

    let hosts = http::HostPolicy::new(&args.bind, address.ip());
    let handler_state = Arc::clone(&shared);
    let handler: Arc<http::Handler> = Arc::new(move |request| {
        // A bug in one request must not take the connection's thread down with a panic message.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(&handler_state, request)));
    });
    let server = std::thread::Builder::new()
        .name("tierbook-accept".into())
        .spawn(move || http::serve(listener, hosts, handler))
        .map_err(|err| Error::io("<thread>", err))?;

    let url = format!("http://{}{}", browsable(address), shared.base_path());
    println!("Serving {url} (press Ctrl+C to stop)");
    if args.open {
        open_browser(&url);
    }

    if let Some(mut watch) = watch {
        while let Some(changed) = watch.next_batch()? {
            let attempt = builder.build_after(&changed);
            shared.swap(attempt.result, attempt.build_id);
        }
    }
    let _ = server.join();
    Ok(0)
}

/// Binds the listening socket, with errors that say what to do.
fn bind(host: &str, port: u16) -> Result<TcpListener> {
    let addresses: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|err| Error::Usage(format!("cannot listen on `{host}`: {err}")))?
        .collect();
    TcpListener::bind(&addresses[..]).map_err(|err| {
        Error::Usage(match err.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "port {port} is already in use on {host} (is another `tierbook serve` running?); \
                 choose another with --port N, or --port 0 for any free port"
            ),
            std::io::ErrorKind::PermissionDenied => {
                format!("not allowed to listen on port {port} on {host}; choose a port above 1023 with --port N")
            }
            _ => format!("cannot listen on {host} port {port}: {err}"),
        })
    })
}

/// An address a browser on this computer can open: the unspecified address becomes loopback.
fn browsable(address: SocketAddr) -> SocketAddr {
    match address {
        SocketAddr::V4(v4) if v4.ip().is_unspecified() => SocketAddr::from(([127, 0, 0, 1], v4.port())),
        SocketAddr::V6(v6) if v6.ip().is_unspecified() => SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, v6.port())),
        other => other,
    }
}

/// Opens `url` in the default browser. Failing to is only worth a warning.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    let null = std::process::Stdio::null;
    command.arg(url).stdin(null()).stdout(null()).stderr(null());
    match command.spawn() {
        Ok(mut child) => {
            let url = url.to_string();
            let _ = std::thread::Builder::new().name("tierbook-open".into()).spawn(move || {
                if !child.wait().is_ok_and(|status| status.success()) {
                    eprintln!("warning: could not open a browser; open {url} yourself");
                }
            });
        }
        Err(err) => eprintln!("warning: could not open a browser ({err}); open {url} yourself"),
    }
}

/// The files of one good build, sorted by path.
#[derive(Debug)]
struct BuiltSite {
    base_path: String,
    outputs: Vec<Output>,
}

impl BuiltSite {
    fn get(&self, path: &str) -> Option<&[u8]> {
        let index = self.outputs.binary_search_by(|output| output.path.as_str().cmp(path)).ok()?;
        Some(&self.outputs[index].bytes)
    }
}

/// What is being served: the last good build, and the errors of the latest build if it failed.
#[derive(Debug)]
struct Snapshot {
    build_id: String,
    site: Option<Arc<BuiltSite>>,
    problems: Vec<Problem>,
}

/// State shared by the request workers and the rebuilding thread.
struct Shared {
    current: RwLock<Arc<Snapshot>>,
    reload: Arc<Reload>,
}

impl Shared {
    fn new(build_id: String) -> Self {
        let empty = Snapshot { build_id: build_id.clone(), site: None, problems: Vec::new() };
        Shared { current: RwLock::new(Arc::new(empty)), reload: Arc::new(Reload::new(build_id)) }
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn base_path(&self) -> String {
        self.snapshot().site.as_ref().map_or_else(|| "/".to_string(), |site| site.base_path.clone())
    }

    /// Serves the outcome of a build: a new site, or the old one with the errors. Then tells open
    /// pages, which reload either way (to show the new site, or the overlay).
    fn swap(&self, result: Result<BuiltSite>, build_id: String) {
        let previous = self.snapshot();
        let next = match result {
            Ok(site) => Snapshot { build_id: build_id.clone(), site: Some(Arc::new(site)), problems: Vec::new() },
            Err(err) => {
                Snapshot { build_id: build_id.clone(), site: previous.site.clone(), problems: reload::problems(&err) }
            }
        };
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
        self.reload.publish(&build_id);
    }
}

/// Rebuilds the site on every change, numbers the builds and reports them on the terminal.
struct Rebuilder {
    root: PathBuf,
    options: BuildOptions,
    /// Differs between server runs, so a page from before a restart reloads.
    session: String,
    count: u64,
    warnings: Vec<Diagnostic>,
    /// Whether a build has succeeded yet.
    served: bool,
    /// Pages rendered by earlier builds, reused where their inputs did not change.
    cache: RenderCache,
}

struct Attempt {
    build_id: String,
    result: Result<BuiltSite>,
}

impl Rebuilder {
    fn new(root: PathBuf, options: BuildOptions) -> Self {
        let started = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let session = format!("{:x}{:x}", started.as_secs(), std::process::id());
        Rebuilder {
            root,
            options,
            session,
            count: 0,
            warnings: Vec::new(),
            served: false,
            cache: RenderCache::enabled(),
        }
    }

    /// The first build.
    fn build(&mut self) -> Attempt {
        let started = Instant::now();
        let attempt = self.attempt();
        if let Ok(site) = &attempt.result {
            println!("Built {} files in {} ms", site.outputs.len(), started.elapsed().as_millis());
        }
        attempt
    }

    /// A rebuild after `changed` files changed.
    fn build_after(&mut self, changed: &[PathBuf]) -> Attempt {
        let started = Instant::now();
        self.cache.forget(changed);
        let attempt = self.attempt();
        if attempt.result.is_ok() {
            let what = match changed {
                [one] => one.strip_prefix(&self.root).unwrap_or(one).display().to_string(),
                many => format!("{} files", many.len()),
            };
            println!("Rebuilt in {} ms ({what} changed)", started.elapsed().as_millis());
        }
        attempt
    }

    fn attempt(&mut self) -> Attempt {
        self.count += 1;
        let build_id = format!("{}-{}", self.session, self.count);
        let result = build_site_with(&self.root, &self.options, &mut self.cache).map(|(site, built)| {
            if built.warnings != self.warnings {
                let mut stderr = std::io::stderr().lock();
                for warning in &built.warnings {
                    let _ = writeln!(stderr, "{warning}");
                }
                self.warnings = built.warnings;
            }
            let mut outputs = built.outputs;
            outputs.sort_by(|a, b| a.path.cmp(&b.path));
            BuiltSite { base_path: site.config.base_path, outputs }
        });
        if let Err(err) = &result {
            report(err, self.served);
        }
        self.served |= result.is_ok();
        Attempt { build_id, result }
    }
}

/// Prints a failed build on the terminal, the way `build` would.
fn report(err: &Error, served: bool) {
    let mut stderr = std::io::stderr().lock();
    if let Error::Content(diagnostics) = err {
        for diagnostic in diagnostics {
            let _ = writeln!(stderr, "{diagnostic}");
        }
    }
    let _ = writeln!(stderr, "error: {err}");
    let _ = if served {
        writeln!(stderr, "The site was not rebuilt: the last good build is still served. Fix the error and save.")
    } else {
        writeln!(stderr, "The site could not be built: pages show the errors until you fix them and save.")
    };
}

/// Answers one request.
fn handle(shared: &Shared, request: Request) {
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let response = with_header(text(405, "Only GET and HEAD are served.\n"), "Allow", "GET, HEAD");
        let _ = request.respond(response);
        return;
    }
    let target = request.url().to_string();
    let path = target.split('?').next().unwrap_or_default();
    if path.starts_with(reload::PREFIX) {
        let response = match path {
            reload::EVENTS if method == Method::Get => return shared.reload.stream(request),
            reload::EVENTS => file(200, "text/event-stream; charset=utf-8", Vec::new()),
            reload::CLIENT_JS => file(200, "text/javascript; charset=utf-8", reload::CLIENT_JS_SOURCE.into()),
            reload::OVERLAY_CSS => file(200, "text/css; charset=utf-8", reload::OVERLAY_CSS_SOURCE.into()),
            _ => text(404, "Not found.\n"),
        };
        let _ = request.respond(response);
        return;
    }

    let snapshot = shared.snapshot();
    let Some(site) = &snapshot.site else {
        let page = reload::placeholder_page(&snapshot.build_id, &snapshot.problems);
        let _ = request.respond(file(500, HTML, page));
        return;
    };
    if path.strip_prefix(site.base_path.as_str()) == Some("sw.js") {
        let worker = reload::RETIRED_WORKER_SOURCE.as_bytes().to_vec();
        let _ = request.respond(file(200, "text/javascript; charset=utf-8", worker));
        return;
    }
    let page = |path: &str, bytes: &[u8]| {
        if path.ends_with(".html") {
            reload::inject(bytes, &snapshot.build_id, &snapshot.problems)
        } else {
            bytes.to_vec()
        }
    };
    let response = match resolve::resolve(&target, &site.base_path, |path| site.get(path).is_some()) {
        Resolved::File(path) => match site.get(&path) {
            Some(bytes) => file(200, mime_type(&path), page(&path, bytes)),
            None => text(404, "Not found.\n"),
        },
        Resolved::Redirect(location) => with_header(text(301, ""), "Location", &location),
        Resolved::NotFound => {
            let not_found = resolve::not_found_page(&target, &site.base_path, |path| site.get(path).is_some());
            match site.get(&not_found) {
                Some(bytes) => file(404, HTML, page(&not_found, bytes)),
                None => text(404, "Not found.\n"),
            }
        }
        Resolved::BadRequest => text(400, "Bad request.\n"),
    };
    let _ = request.respond(response);
}

const HTML: &str = "text/html; charset=utf-8";

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn file(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    // tiny_http switches to chunked encoding from 32 KB on; every body here has a known length,
    // and sending it lets clients (and tests) read a response without parsing chunks.
    let response = Response::from_data(body).with_status_code(status).with_chunked_threshold(usize::MAX);
    let response = with_header(response, "Content-Type", content_type);
    let response = with_header(response, "Cache-Control", "no-store");
    security_headers(response)
}

/// The pages' own policy, as a header too, and what only headers can say. `no-referrer`, as
/// docs/deploy.md advises for hosts: a link out of the preview (or of the site) tells the other
/// site nothing about which page, draft or path it came from.
fn security_headers(response: Reply) -> Reply {
    let response = with_header(response, "Content-Security-Policy", crate::render::csp::POLICY);
    let response = with_header(response, "X-Content-Type-Options", "nosniff");
    with_header(response, "Referrer-Policy", "no-referrer")
}

fn text(status: u16, body: &str) -> Reply {
    file(status, "text/plain; charset=utf-8", body.as_bytes().to_vec())
}

/// Adds a header. Every value passed here is a constant or a percent-encoded path, so it is
/// ASCII and always parses; were it not, the header is left out rather than the request failed.
fn with_header(response: Reply, name: &str, value: &str) -> Reply {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

/// The Content-Type for an output path, by its extension. Public so the browser tests' file
/// server answers with the same types as `serve`.
pub fn mime_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "vtt" => "text/vtt; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_for_every_kind_of_file() {
        let table = [
            ("index.html", "text/html; charset=utf-8"),
            ("css/style.css", "text/css; charset=utf-8"),
            ("js/training.js", "text/javascript; charset=utf-8"),
            ("calculator/calculator_bg.wasm", "application/wasm"),
            ("search/index.json", "application/json"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("atom.xml", "application/xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("a/photo.PNG", "image/png"),
            ("a/photo.jpeg", "image/jpeg"),
            ("a/photo.webp", "image/webp"),
            ("fonts/x.woff2", "font/woff2"),
            ("toolkit/form.pdf", "application/pdf"),
            ("favicon.ico", "image/x-icon"),
            ("LICENSE", "application/octet-stream"),
            (".well-known/x", "application/octet-stream"),
        ];
        for (path, expected) in table {
            assert_eq!(mime_type(path), expected, "{path}");
        }
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_site() {
        let shared = Shared::new("s-0".into());
        let site = BuiltSite {
            base_path: "/".into(),
            outputs: vec![Output::new(crate::output::fixed_path!("index.html"), b"<body>v1</body>".to_vec())],
        };
        shared.swap(Ok(site), "s-1".into());
        shared.swap(Err(Error::Usage("broken".into())), "s-2".into());
        let snapshot = shared.snapshot();
        assert_eq!(snapshot.build_id, "s-2");
        assert_eq!(snapshot.problems.len(), 1);
        let site = snapshot.site.as_ref().map(|site| site.get("index.html"));
        assert_eq!(site, Some(Some(&b"<body>v1</body>"[..])));
        shared.swap(Ok(BuiltSite { base_path: "/".into(), outputs: Vec::new() }), "s-3".into());
        assert!(shared.snapshot().problems.is_empty());
    }

    #[test]
    fn unspecified_addresses_are_browsed_on_loopback() {
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(browsable(any).to_string(), "127.0.0.1:8080");
        let any6: SocketAddr = "[::]:8080".parse().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(browsable(any6).to_string(), "[::1]:8080");
    }
}
