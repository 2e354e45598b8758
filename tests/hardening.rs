//! Hostile and careless input (issue 11): templates that would recurse without end or read the
//! environment, settings that would send every page's scripts to another host, link-heavy pages,
//! and requests to `serve` that are oversized or name another host. Each case is a tiny site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::{tierbook, Edit, TestSite, MINIMAL_CONFIG};

fn page(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n{body}")
}

/// A site with one plain page (rendered with `page.html`) and the given templates.
fn site_with_templates(templates: &[(&str, &str)]) -> TestSite {
    let mut site = TestSite::new().file("content/about.md", &page("title = \"About\"", "\nAbout us.\n"));
    for (name, source) in templates {
        site = site.file(&format!("templates/{name}"), source);
    }
    site
}

/// `build` and `check` both fail with exit 1 (not an abort) and name `file` and `chain`.
fn build_and_check_report(site: &TestSite, file: &str, chain: &str) {
    let build = site.build();
    build.exit(1).stderr_has(file).stderr_has(chain);
    assert!(!site.out().exists(), "a failed build writes nothing");
    let check = site.run(&["check", "--root", &site.root().to_string_lossy()]);
    check.exit(1).stdout_has(file).stdout_has(chain);
}

// Case 2: include, extends and import cycles.

#[test]
fn a_template_that_includes_itself_is_a_located_error_not_an_abort() {
    let site = site_with_templates(&[("page.html", "<p>\n{% include \"page.html\" %}</p>\n")]);
    build_and_check_report(&site, "templates/page.html:2:1", "page.html -> page.html");
}

#[test]
fn two_templates_that_include_each_other_are_reported_with_the_chain() {
    let site = site_with_templates(&[
        ("page.html", "{% include \"a.html\" %}"),
        ("a.html", "{% include \"b.html\" %}"),
        ("b.html", "{% if page %}{% include \"a.html\" %}{% endif %}"),
    ]);
    build_and_check_report(&site, "templates/a.html:1:1", "a.html -> b.html -> a.html");
}

#[test]
fn extends_and_import_cycles_are_reported_too() {
    let extends =
        site_with_templates(&[("page.html", "{% extends \"x.html\" %}"), ("x.html", "{% extends \"page.html\" %}")]);
    build_and_check_report(&extends, "templates/page.html:1:1", "page.html -> x.html -> page.html");

    let import = site_with_templates(&[
        ("m1.html", "{% import \"m2.html\" as m2 %}{% macro one() %}1{% endmacro one %}"),
        ("m2.html", "{% import \"m1.html\" as m1 %}{% macro two() %}{{ m1::one() }}{% endmacro two %}"),
    ]);
    build_and_check_report(&import, "templates/m1.html:1:1", "m1.html -> m2.html -> m1.html");
}

#[test]
fn a_cycle_through_a_theme_template_names_the_override() {
    // page.html (theme) extends base.html (theme), which includes the site's partials/toc.html.
    let site = site_with_templates(&[("partials/toc.html", "<nav>{% include \"page.html\" %}</nav>")]);
    build_and_check_report(
        &site,
        "templates/partials/toc.html:1:6",
        "partials/toc.html -> page.html -> base.html -> partials/toc.html",
    );
}

#[test]
fn a_macro_that_calls_itself_is_an_error_not_an_abort() {
    let site = site_with_templates(&[
        ("m.html", "{% macro f(n) %}{{ self::f(n=n+1) }}{% endmacro f %}"),
        (
            "page.html",
            "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block before_content %}{{ m::f(n=1) }}{% endblock before_content %}",
        ),
    ]);
    build_and_check_report(&site, "templates/m.html", "m.html::f -> m.html::f");
}

#[test]
fn templates_nested_too_deeply_are_an_error_not_an_abort() {
    let deep = format!(
        "{{% extends \"base.html\" %}}{{% block before_content %}}{}x{}{{% endblock before_content %}}",
        "{% if true %}".repeat(500),
        "{% endif %}".repeat(500)
    );
    let site = site_with_templates(&[("page.html", &deep)]);
    let build = site.build();
    build.exit(1).stderr_has("templates/page.html").stderr_has("nested");
    let parens = format!("{{{{ {}1{} }}}}", "(".repeat(400), ")".repeat(400));
    site_with_templates(&[("page.html", &parens)]).build().exit(1).stderr_has("templates/page.html");

    // Each template within bounds, but three of them included inside each other are not.
    let nest = |inner: &str| format!("{}{inner}{}", "{% if true %}".repeat(60), "{% endif %}".repeat(60));
    let chain = site_with_templates(&[
        ("page.html", &nest("{% include \"a.html\" %}")),
        ("a.html", &nest("{% include \"b.html\" %}")),
        ("b.html", &nest("x")),
    ]);
    chain
        .build()
        .exit(1)
        .stderr_has("templates/page.html: error: templates nest")
        .stderr_has("(page.html -> a.html -> b.html)");
}

// Case 10: templates cannot read the environment or loop without bound.

#[test]
fn get_env_is_an_error_and_publishes_nothing() {
    let site = site_with_templates(&[("page.html", "<p>{{ get_env(name=\"TIERBOOK_TEST_SECRET\") }}</p>")]);
    let output = tierbook()
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(site.out())
        .env("TIERBOOK_TEST_SECRET", "hunter2-ci-token")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("get_env") && stderr.contains("page.html"), "{stderr}");
    assert!(!stderr.contains("hunter2-ci-token"), "{stderr}");
    assert!(!site.out().exists());
}

#[test]
fn range_is_capped_with_an_error_naming_the_template() {
    let site = site_with_templates(&[("page.html", "{% for i in range(end=200000000) %}{{ i }}{% endfor %}")]);
    site.build().exit(1).stderr_has("page.html").stderr_has("range");
    // Under the cap it still works.
    let fine = site_with_templates(&[("page.html", "{% for i in range(end=3) %}[{{ i }}]{% endfor %}")]).built();
    assert!(fine.read("about/index.html").contains("[0][1][2]"));
}

// Case 9: settings that would load scripts from another host or link to a script URL.

fn config_with(extra: &str) -> String {
    format!("{MINIMAL_CONFIG}{extra}")
}

#[test]
fn a_protocol_relative_base_url_is_refused_at_its_line() {
    for bad in [
        "//evil.example/",
        "/\\\\evil.example/",
        "https:evil.example/",
        "https:///pd/",
        "https://d.example//evil.example/",
    ] {
        let config = MINIMAL_CONFIG.edit("https://example.test/", bad);
        let site = TestSite::new().file("tierbook.toml", &config);
        site.build().exit(2).stderr_has("tierbook.toml:2:").stderr_has("`base_url`");
    }
    for good in ["https://district.example/pd/", "http://localhost:8080/", "/", "/pd/"] {
        let config = MINIMAL_CONFIG.edit("https://example.test/", good);
        TestSite::new().file("tierbook.toml", &config).build().success();
    }
}

#[test]
fn a_bad_base_url_flag_is_refused_naming_the_flag() {
    let site = TestSite::new();
    for bad in ["/\\evil.example/", "//evil.example/", "javascript:alert(1)//"] {
        site.build_with(&["--base-url", bad]).exit(2).stderr_has("--base-url");
        assert!(!site.out().exists());
    }
    site.build_with(&["--base-url", "https://district.example/pd/"]).success();
}

#[test]
fn contact_url_must_be_http_or_mailto() {
    for bad in ["javascript:alert(document.cookie)", " javascript:alert(1)", "data:text/html,x", "//evil.example/"] {
        let site =
            TestSite::new().file("tierbook.toml", &config_with(&format!("\n[district]\ncontact_url = \"{bad}\"\n")));
        site.build().exit(2).stderr_has("tierbook.toml:8:1").stderr_has("`contact_url`");
    }
    for good in ["https://district.example/contact", "mailto:pd@district.example"] {
        let site = TestSite::new()
            .file("tierbook.toml", &config_with(&format!("\n[district]\nname = \"D\"\ncontact_url = \"{good}\"\n")));
        assert!(site.built().read("index.html").contains(&format!("href=\"{good}\"")));
    }
}

#[test]
fn logo_must_be_a_file_inside_static() {
    for bad in ["/etc/passwd", "../tierbook.toml", "img/../../tierbook.toml", "C:\\logo.png", "img\\logo.png"] {
        let site = TestSite::new()
            .file("static/img/logo.png", "png")
            .file("tierbook.toml", &config_with(&format!("\n[district]\nlogo = {bad:?}\n")));
        site.build().exit(2).stderr_has("tierbook.toml:8:1").stderr_has("`logo`");
    }
    let site = TestSite::new()
        .file("static/img/logo.png", "png")
        .file("tierbook.toml", &config_with("\n[district]\nlogo = \"img/logo.png\"\n"))
        .built();
    assert!(site.read("index.html").contains("img/logo.png"));
}

// Case 11: link checking stays linear in the links of a page (the count itself is asserted in the
// markdown module's unit tests); here: at scale, every position is still exact.

#[test]
fn thousands_of_links_on_one_line_are_checked_at_their_columns() {
    let n = 3000;
    let line: Vec<String> = (0..n).map(|i| format!("[é{i}](#target)")).collect();
    let mut body = format!("\n## Target\n\n{} [bad](#nowhere)\n\n", line.join(" "));
    for i in 0..n {
        body.push_str(&format!("[l{i}](#target)\n"));
    }
    body.push_str("[bad](missing.md)\n");
    let site = TestSite::new().file("content/links.md", &page("title = \"Links\"", &body));
    let run = site.build();
    run.exit(1);
    // The long line is line 7 of the file; its broken link starts after n links and n spaces.
    let column = line.iter().map(|l| l.chars().count() + 1).sum::<usize>() + 1;
    run.stderr_has(&format!("content/links.md:7:{column}: error: `#nowhere` is not a heading"));
    run.stderr_has(&format!("content/links.md:{}:1: error: link to a page that does not exist", 9 + n));
    assert_eq!(run.error_lines().len(), 2, "{}", run.stderr);
}

// Case 12: serve bounds requests, answers only its own host names, and hides drafts.

/// A running `tierbook serve` on a free loopback port; killed on drop.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(site: &TestSite, extra: &[&str]) -> Server {
        let mut child = tierbook()
            .args(["serve", "--root"])
            .arg(site.root())
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tierbook serve");
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().expect("piped stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Made first, so that a failed start is killed on drop.
        let mut server = Server { child, address: String::new() };
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(100)) {
                if let Some(url) = line.strip_prefix("Serving http://") {
                    server.address = url.split('/').next().unwrap_or_default().to_string();
                    return server;
                }
            }
        }
        panic!("tierbook serve printed no URL");
    }

    fn port(&self) -> &str {
        self.address.rsplit(':').next().unwrap_or_default()
    }

    /// Sends `head` (request line and headers, without the final empty line) and reads the status.
    fn status(&self, head: &str) -> u16 {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(stream, "{head}\r\nConnection: close\r\n\r\n").unwrap();
        read_status(&mut stream)
    }

    fn get(&self, path: &str) -> u16 {
        self.status(&format!("GET {path} HTTP/1.1\r\nHost: {}", self.address))
    }

    /// Sends `prefix`, then `filler` bytes of `a` with no line end, from another thread, and
    /// reads the status the server answers with while that is still being sent.
    fn status_of_oversized(&self, prefix: &str, filler: usize) -> u16 {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut writer = stream.try_clone().unwrap();
        let prefix = prefix.to_string();
        let sender = std::thread::spawn(move || {
            let _ = writer.write_all(prefix.as_bytes());
            let chunk = vec![b'a'; 64 * 1024];
            let mut sent = 0;
            while sent < filler {
                if writer.write_all(&chunk).is_err() {
                    break;
                }
                sent += chunk.len();
            }
        });
        let status = read_status(&mut stream);
        drop(stream);
        let _ = sender.join();
        status
    }

    #[cfg(target_os = "linux")]
    fn resident_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_status(stream: &mut TcpStream) -> u16 {
    let mut line = Vec::new();
    let mut byte = [0u8];
    while stream.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let line = String::from_utf8_lossy(&line);
    line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status in {line:?}"))
}

#[test]
fn an_oversized_request_line_gets_414() {
    let server = Server::start(&TestSite::new(), &[]);
    assert_eq!(server.status_of_oversized("GET /", 1024 * 1024), 414);
    assert_eq!(server.get("/"), 200, "the server still answers");
}

#[test]
fn oversized_headers_get_431() {
    let server = Server::start(&TestSite::new(), &[]);
    let host = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Big: ", server.address);
    assert_eq!(server.status_of_oversized(&host, 1024 * 1024), 431);
    let many: String = (0..2000).map(|i| format!("\r\nX-{i}: {i}")).collect();
    assert_eq!(server.status(&format!("GET / HTTP/1.1\r\nHost: {}{many}", server.address)), 431);
    assert_eq!(server.get("/"), 200, "the server still answers");
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_header_line_does_not_grow_the_server() {
    let server = Server::start(&TestSite::new(), &[]);
    assert_eq!(server.get("/"), 200);
    let before = server.resident_kb();
    let host = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Big: ", server.address);
    assert_eq!(server.status_of_oversized(&host, 128 * 1024 * 1024), 431);
    let after = server.resident_kb();
    assert!(after < before + 32 * 1024, "resident memory grew from {before} KB to {after} KB");
}

#[test]
fn only_loopback_names_and_the_bind_address_are_answered() {
    let server = Server::start(&TestSite::new(), &[]);
    let port = server.port().to_string();
    for host in ["evil.example", "evil.example:PORT", "127.0.0.1.evil.example", "localhost.evil.example:PORT"] {
        let head = format!("GET / HTTP/1.1\r\nHost: {}", host.replace("PORT", &port));
        assert_eq!(server.status(&head), 421, "{host}");
    }
    for host in ["127.0.0.1:PORT", "localhost:PORT", "LOCALHOST", "app.localhost:PORT", "[::1]:PORT", "127.0.0.2"] {
        let head = format!("GET / HTTP/1.1\r\nHost: {}", host.replace("PORT", &port));
        assert_eq!(server.status(&head), 200, "{host}");
    }
    assert_eq!(server.status("GET / HTTP/1.1"), 400, "HTTP/1.1 requires a Host");
    let twice = format!("GET / HTTP/1.1\r\nHost: {0}\r\nHost: evil.example", server.address);
    assert_eq!(server.status(&twice), 400, "two Host headers");
}

#[test]
fn drafts_are_served_only_with_the_drafts_flag() {
    let site = TestSite::new().file("content/plan.md", &page("title = \"Plan\"\ndraft = true", "\nNot yet.\n"));
    let plain = Server::start(&site, &[]);
    assert_eq!(plain.get("/plan/"), 404);
    drop(plain);
    let with_drafts = Server::start(&site, &["--drafts"]);
    assert_eq!(with_drafts.get("/plan/"), 200);
}

#[test]
fn serve_survives_a_template_cycle_and_keeps_the_last_good_site() {
    let site = TestSite::new().file("content/about.md", &page("title = \"About\"", "\nAbout us.\n"));
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/about/"), 200);
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    std::fs::write(site.root().join("templates/page.html"), "{% include \"page.html\" %}").unwrap();
    // The overlay appears once the rebuild has failed; the server never dies meanwhile.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let body = fetch(&server, "/about/");
        if body.contains("tierbook-errors") {
            assert!(body.contains("About us."), "the last good page is still served: {body}");
            assert!(body.contains("page.html -&gt; page.html") || body.contains("page.html -> page.html"), "{body}");
            break;
        }
        assert!(Instant::now() < deadline, "no overlay after the cycle: {body}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn fetch(server: &Server, path: &str) -> String {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.address).unwrap();
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    text
}
