//! Edit-to-reload time of `tierbook serve`: from a saved change to one page until the reload
//! event reaches an open event stream, on the bundled site and on a generated 1,000-page corpus.
//!
//! ```text
//! cargo bench --bench reload                    # both sites, 15 edits each
//! cargo bench --bench reload -- --runs 30 --pages 1000
//! ```
//!
//! Each run starts the real (optimised) binary on a free loopback port, opens
//! `/__tierbook/events` and reads the current build id, then for each edit: rewrites one page
//! with a new sentence, takes the time once `write` returns, and waits for the next build event.
//! The debounce window is part of that time; the report also shows it subtracted (the batch ends
//! after `QUIET` = 50 ms without events, at most 100 ms after the first) and the rebuild time the
//! server printed. The corpus comes from the `tierbook-corpus` generator when that binary exists,
//! otherwise from a small deterministic generator here.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The quiet window of `src/watch.rs`: a batch is cut this long after the save's last event.
const QUIET_MS: f64 = 50.0;

fn main() {
    let mut runs = 15;
    let mut pages = 1000;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).unwrap_or(runs),
            "--pages" => pages = args.next().and_then(|v| v.parse().ok()).unwrap_or(pages),
            // `cargo bench` passes `--bench`; other harness flags do not apply here.
            _ => {}
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = std::env::temp_dir().join(format!("tierbook-reload-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);

    let bundled = scratch.join("bundled");
    copy_site(repo, &bundled);
    let bundled_page = bundled.join("content/guides/pencil-grasp.md");
    let corpus = generate_corpus(&scratch.join("corpus"), pages);
    let corpus_page = first_page(&corpus.join("content"));

    println!("tierbook serve: edit-to-reload, {runs} edits per site (times in ms)");
    println!(
        "{:<30} {:>7} {:>7} {:>7} {:>7} | {:>17} | {:>14} | {:>14}",
        "site", "min", "median", "p90", "max", "median - debounce", "rebuild median", "CPU per edit"
    );
    for (name, site, page) in
        [("bundled site", &bundled, &bundled_page), (&*format!("{pages}-page corpus"), &corpus, &corpus_page)]
    {
        let result = measure(site, page, runs);
        let total = summary(&result.total);
        let rebuild = summary(&result.rebuild);
        let cpu = result.cpu_ms.map_or_else(|| "n/a".to_string(), |ms| format!("{ms:.0}"));
        println!(
            "{:<30} {:>7.1} {:>7.1} {:>7.1} {:>7.1} | {:>17.1} | {:>14.1} | {:>14}",
            format!("{name} ({} files)", result.files),
            total.min,
            total.median,
            total.p90,
            total.max,
            total.median - QUIET_MS,
            rebuild.median,
            cpu
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

struct Measured {
    files: String,
    /// Save -> reload event, per edit.
    total: Vec<f64>,
    /// The server's own "Rebuilt in N ms", per edit.
    rebuild: Vec<f64>,
    /// CPU time (user + system, all threads) the server spent per edit, on Linux. Unlike the
    /// wall times, it hardly depends on what else the machine is doing.
    cpu_ms: Option<f64>,
}

fn measure(site: &Path, page: &Path, runs: usize) -> Measured {
    let mut server = Server::start(site);
    let mut events = server.events();
    events.next_build(Duration::from_secs(10)).expect("the current build id");
    let original = std::fs::read_to_string(page).expect("read the page to edit");
    let mut total = Vec::new();
    let mut rebuild = Vec::new();
    let mut cpu_before = None;
    // One unmeasured edit first: warms the page cache and the server's allocator.
    for run in 0..=runs {
        let text = format!("{original}\n\nEdit number {run} of this page, saved by the benchmark.\n");
        std::fs::write(page, text).expect("save the page");
        if run == 1 {
            cpu_before = cpu_time_ms(server.child.id());
        }
        let saved = Instant::now();
        events.next_build(Duration::from_secs(30)).expect("a reload event after the edit");
        let elapsed = saved.elapsed().as_secs_f64() * 1000.0;
        let rebuilt = server.rebuilt_ms(Duration::from_secs(5));
        if run > 0 {
            total.push(elapsed);
            rebuild.extend(rebuilt);
        }
        // Let the file system go quiet so edits do not share a batch.
        std::thread::sleep(Duration::from_millis(250));
    }
    let cpu_ms = cpu_before.zip(cpu_time_ms(server.child.id())).map(|(before, after)| (after - before) / runs as f64);
    Measured { files: server.files.clone(), total, rebuild, cpu_ms }
}

/// User + system CPU time of a process so far, from `/proc/<pid>/stat` (clock ticks, assumed
/// 100 per second as on every mainstream Linux).
fn cpu_time_ms(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}

struct Stats {
    min: f64,
    median: f64,
    p90: f64,
    max: f64,
}

fn summary(values: &[f64]) -> Stats {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return Stats { min: f64::NAN, median: f64::NAN, p90: f64::NAN, max: f64::NAN };
    }
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    Stats { min: sorted[0], median: at(0.5), p90: at(0.9), max: sorted[sorted.len() - 1] }
}

/// A running `tierbook serve`; killed on drop.
struct Server {
    child: Child,
    address: String,
    files: String,
    stdout: mpsc::Receiver<String>,
}

impl Server {
    fn start(site: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tierbook"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tierbook serve");
        let out = child.stdout.take().expect("piped stdout");
        let (tx, stdout) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server { child, address: String::new(), files: String::new(), stdout };
        while let Ok(line) = server.stdout.recv_timeout(Duration::from_secs(60)) {
            if let Some(files) = line.strip_prefix("Built ") {
                server.files = files.split(" files").next().unwrap_or_default().to_string();
            }
            if let Some(url) = line.strip_prefix("Serving http://") {
                // A site that fails to build still serves (its errors as an overlay): that
                // would time reloads of the error page.
                assert!(
                    !server.files.is_empty(),
                    "the first build of {} failed: run `tierbook build` there",
                    site.display()
                );
                server.address = url.split('/').next().unwrap_or_default().to_string();
                return server;
            }
        }
        panic!("tierbook serve did not start on {}", site.display());
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        write!(stream, "GET /__tierbook/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.address).expect("request");
        Events { reader: BufReader::new(stream) }
    }

    /// The time of the next "Rebuilt in N ms" line.
    fn rebuilt_ms(&mut self, within: Duration) -> Option<f64> {
        let deadline = Instant::now() + within;
        while let Ok(line) = self.stdout.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if let Some(rest) = line.strip_prefix("Rebuilt in ") {
                return rest.split(" ms").next().and_then(|ms| ms.parse().ok());
            }
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn next_build(&mut self, within: Duration) -> Option<String> {
        self.reader.get_ref().set_read_timeout(Some(within)).ok()?;
        let mut event = String::new();
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            if line == "\n" {
                if event.contains("event: build\n") {
                    return event.lines().find_map(|l| l.strip_prefix("data: ")).map(str::to_string);
                }
                event.clear();
            } else {
                event.push_str(&line);
            }
        }
    }
}

/// Copies the repository's own site (config, content and, if present, templates and static).
fn copy_site(repo: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the site folder");
    std::fs::copy(repo.join("tierbook.toml"), to.join("tierbook.toml")).expect("copy tierbook.toml");
    for dir in ["content", "templates", "static", "data"] {
        if repo.join(dir).is_dir() {
            copy_tree(&repo.join(dir), &to.join(dir));
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::create_dir_all(to).expect("create folder");
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Writes a `pages`-page site under `out` and returns its root.
fn generate_corpus(out: &Path, pages: usize) -> PathBuf {
    if let Some(generator) = option_env!("CARGO_BIN_EXE_tierbook-corpus") {
        let status = Command::new(generator)
            .args(["--pages", &pages.to_string(), "--variant", "plain", "--out"])
            .arg(out)
            .status()
            .expect("run tierbook-corpus");
        assert!(status.success(), "tierbook-corpus failed");
        return out.join("tierbook");
    }
    simple_corpus(out, pages)
}

/// A fallback corpus: 20 sections of plain pages with headings, lists and links between pages.
fn simple_corpus(out: &Path, pages: usize) -> PathBuf {
    const WORDS: &[&str] = &[
        "student",
        "teacher",
        "classroom",
        "support",
        "data",
        "referral",
        "handwriting",
        "pencil",
        "routine",
        "schedule",
        "movement",
        "sensory",
        "plan",
        "goal",
        "progress",
        "practice",
        "chart",
        "team",
        "strategy",
        "visual",
        "timer",
        "transition",
        "lesson",
        "skill",
        "letter",
        "spacing",
        "posture",
        "baseline",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut word = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        WORDS[(seed % WORDS.len() as u64) as usize]
    };
    let root = out.join("tierbook");
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, text).expect("write corpus file");
    };
    write("tierbook.toml", "title = \"Benchmark district\"\nbase_url = \"https://bench.example/\"\n");
    write("content/_index.md", "+++\ntitle = \"Benchmark district\"\n+++\n\nGenerated pages.\n");
    for section in 0..20 {
        write(
            &format!("content/section-{:02}/_index.md", section + 1),
            &format!(
                "+++\ntitle = \"Section {}\"\nweight = {}\n+++\n\nPages of section {}.\n",
                section + 1,
                section + 1,
                section + 1
            ),
        );
    }
    for page in 0..pages {
        let mut body = String::new();
        for heading in 0..4 {
            body.push_str(&format!("\n## Part {} {}\n\n", heading + 1, word()));
            for _ in 0..3 {
                let sentence: Vec<&str> = (0..14).map(|_| word()).collect();
                body.push_str(&format!("The {}.\n", sentence.join(" ")));
            }
            body.push_str(&format!("\n- {} {}\n- {} {}\n", word(), word(), word(), word()));
        }
        let next = (page + 1) % pages;
        body.push_str(&format!("\nSee also [the next page](/section-{:02}/page-{:05}.md).\n", next % 20 + 1, next + 1));
        write(
            &format!("content/section-{:02}/page-{:05}.md", page % 20 + 1, page + 1),
            &format!("+++\ntitle = \"Page {} about {}\"\nweight = {}\n+++\n{body}", page + 1, word(), page + 1),
        );
    }
    root
}

/// A page to edit in a generated corpus: the first page of the first section.
fn first_page(content: &Path) -> PathBuf {
    let mut sections: Vec<PathBuf> = std::fs::read_dir(content)
        .expect("read content/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    sections.sort();
    let section = sections.first().expect("a section");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(section)
        .expect("read section")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    pages.sort();
    pages.first().cloned().expect("a page")
}
