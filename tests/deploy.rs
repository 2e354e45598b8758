//! End to end, as a district deploys: build the bundled site for a `/pd/` sub-path, serve it with
//! real nginx (the OS package) through the repository's own `deploy/nginx.conf`, then in headless
//! Chromium follow every internal link, use the calculator and the search, and check that nginx saw
//! no failed request and no Content-Security-Policy violation report.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::harness::{free_port, replace_once, require_tool, TestSite, Tool};
use crate::webdriver;

/// nginx in the foreground on a loopback port, stopped on drop.
struct Nginx {
    child: Child,
    dir: PathBuf,
}

impl Nginx {
    fn start(nginx: &Path, dir: &Path, www: &Path, port: u16) -> Nginx {
        let shipped = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf"))
            .expect("deploy/nginx.conf");
        // The shipped file, with only what a machine needs changed: the port, the folder, and a
        // CSP report address so violations show up in the access log.
        let site = replace_once(&shipped, "listen 80;", &format!("listen 127.0.0.1:{port};"));
        let site = replace_once(&site, "root /var/www/tierbook;", &format!("root {};", www.display()));
        let site = replace_once(&site, "frame-ancestors 'self'\"", "frame-ancestors 'self'; report-uri /csp-report\"");
        std::fs::write(dir.join("site.conf"), site).expect("write site.conf");
        let main = format!(
            "daemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  access_log {d}/access.log;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  include {d}/site.conf;\n}}\n",
            d = dir.display()
        );
        std::fs::write(dir.join("nginx.conf"), main).expect("write nginx.conf");
        let child = Command::new(nginx)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nginx");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not start: {}",
                read(&dir.join("error.log"))
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Nginx { child, dir: dir.to_path_buf() }
    }

    /// `(path, status)` of every request nginx answered so far.
    fn requests(&self) -> Vec<(String, u16)> {
        read(&self.dir.join("access.log"))
            .lines()
            .filter_map(|line| {
                // combined format: ... "GET /pd/x HTTP/1.1" 200 ...
                let request = line.split('"').nth(1)?;
                let path = request.split_whitespace().nth(1)?.to_string();
                let status = line.split('"').nth(2)?.split_whitespace().next()?.parse().ok()?;
                Some((path, status))
            })
            .collect()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn bundled_site_under_a_sub_path_behind_nginx_has_no_broken_link_or_csp_violation() {
    let Some(nginx) = require_tool(Tool::Nginx, "deploy test") else { return };
    let Some(browser) = webdriver::browser("deploy test") else { return };

    let site = TestSite::bundled();
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    let www = site.root().join("www");
    let out = www.join("pd");
    site.run(&[
        "build",
        "--root",
        &site.root().to_string_lossy(),
        "--output",
        &out.to_string_lossy(),
        "--base-url",
        &format!("{origin}/pd/"),
    ])
    .success();
    let nginx_dir = tempfile::tempdir().unwrap();
    let nginx = Nginx::start(&nginx, nginx_dir.path(), &www, port);

    // Crawl: every page reachable from the home page by internal links.
    let mut queue: VecDeque<String> = VecDeque::from([format!("{origin}/pd/")]);
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut pages = 0;
    while let Some(url) = queue.pop_front() {
        browser.goto(&url);
        pages += 1;
        let title = browser.execute("return document.title", json!([]));
        assert!(!title.as_str().unwrap_or("").starts_with("Page not found"), "{url} is the 404 page");
        let links = browser.execute("return [...document.querySelectorAll('a[href]')].map(a => a.href)", json!([]));
        for link in links.as_array().into_iter().flatten().filter_map(|l| l.as_str()) {
            let link = link.split('#').next().unwrap_or(link).to_string();
            if !link.starts_with(&format!("{origin}/pd/")) {
                assert!(!link.starts_with(&origin), "{url} links outside the base path: {link}");
                continue;
            }
            let is_page = link.ends_with('/') || link.ends_with(".html");
            if seen.insert(link.clone()) {
                if is_page {
                    queue.push_back(link);
                } else {
                    // Files (feed, sitemap, forms): fetched, not browsed.
                    let status = ureq::get(&link).call().map(|r| r.status().as_u16()).unwrap_or(0);
                    assert_eq!(status, 200, "{url} links to {link}, which answers {status}");
                }
            }
        }
    }
    assert!(pages > 50, "crawled only {pages} pages");

    // A missing page under /pd/es/ gets the Spanish 404 page, one elsewhere the English one.
    for (path, title) in [("/pd/es/no-such-page/", "No se encontró la página"), ("/pd/no-such-page/", "Page not found")]
    {
        let response = ureq::get(&format!("{origin}{path}")).config().http_status_as_error(false).build().call();
        let mut response = response.unwrap_or_else(|err| panic!("{path}: {err}"));
        assert_eq!(response.status().as_u16(), 404, "{path}");
        let body = response.body_mut().read_to_string().unwrap_or_default();
        assert!(body.contains(&format!("<h1>{title}</h1>")), "{path}: {body}");
    }

    // The calculator runs its wasm under the CSP and shows the case's figures.
    browser.goto(&format!("{origin}/pd/calculator/"));
    browser.wait_until("the calculator to start", "return document.body.dataset.calculatorReady === '1'", json!([]));
    let shown = browser.execute("return document.querySelector('[data-results]').textContent", json!([]));
    assert!(shown.as_str().unwrap_or("").contains("$72,092"), "calculator shows {shown}");

    // The search runs under the sub-path and the CSP and finds the pencil-grasp guide (which
    // result ranks first is search.rs's business, on a fixture).
    browser.goto(&format!("{origin}/pd/"));
    browser.click("#search-open");
    browser.fill("#search-dialog-q", "pencil grip");
    browser.wait_until(
        "search results",
        "return document.querySelectorAll('.search-result-link').length > 0",
        json!([]),
    );
    let found = browser.execute(
        "return [...document.querySelectorAll('.search-result-link')].map((a) => a.getAttribute('href'))",
        json!([]),
    );
    assert!(
        found.to_string().contains("\"/pd/guides/pencil-grasp/"),
        "pencil grip finds the pencil grasp guide: {found}"
    );

    // The report mechanism works: an inline script is refused and reported...
    browser.execute(
        "const s = document.createElement('script'); s.textContent = 'window.x = 1'; document.body.append(s); return true",
        json!([]),
    );
    let reported = (0..50).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        nginx.requests().iter().any(|(path, _)| path == "/csp-report")
    });
    assert!(reported, "the deliberate CSP violation was not reported, so the check below would prove nothing");

    // ...and apart from that deliberate one, nothing failed and nothing else was reported.
    let requests = nginx.requests();
    let reports = requests.iter().filter(|(path, _)| path == "/csp-report").count();
    assert_eq!(reports, 1, "CSP violations besides the deliberate one: {reports}");
    let failed: Vec<_> = requests
        .iter()
        .filter(|(path, status)| *status >= 400 && path != "/csp-report" && !path.contains("no-such-page"))
        .collect();
    assert!(failed.is_empty(), "failed requests: {failed:?}");
    drop(browser);
}

#[test]
fn shipped_config_sets_the_headers_districts_need() {
    let config = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf")).unwrap();
    assert!(config.contains("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"));
    assert!(config.contains("include /etc/nginx/mime.types;"));
    assert!(config.contains("error_page 404 /pd/404.html;"));
    assert!(config.contains("error_page 404 /pd/es/404.html;"));
}
