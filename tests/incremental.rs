//! `serve` reuses the rendered markdown of unchanged pages between builds. After every kind of
//! edit, a build that reuses its cache must give exactly what a fresh build gives.

use tierbook::commands::{build_site, build_site_with, BuildOptions};
use tierbook::render::RenderCache;

use crate::harness::{replace_once, TestSite};

fn outputs(
    result: tierbook::Result<(tierbook::content::Site, tierbook::render::Built)>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    result.map(|(_, built)| built.outputs.into_iter().map(|o| (o.path.to_string(), o.into_bytes())).collect()).map_err(
        |err| match err {
            tierbook::Error::Content(d) => d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
            other => other.to_string(),
        },
    )
}

/// Rewrites a file of the site (a new one starts empty); edits of existing text go through
/// [`replace_once`], so an edit whose text has gone from the content fails instead of testing
/// nothing.
fn edit(site: &TestSite, path: &str, change: impl FnOnce(String) -> String) {
    let file = site.root().join(path);
    let text =
        if file.exists() { std::fs::read_to_string(&file).expect("read the file to edit") } else { String::new() };
    std::fs::write(&file, change(text)).unwrap();
}

#[test]
fn a_cached_build_equals_a_fresh_build_after_each_edit() {
    let site = TestSite::bundled();
    let options = BuildOptions::default();
    let mut cache = RenderCache::enabled();
    let mut check = |what: &str| {
        let cached = outputs(build_site_with(site.root(), &options, &mut cache));
        let fresh = outputs(build_site(site.root(), &options));
        assert!(cached == fresh, "after {what}: the cached build differs from a fresh one");
        cached.is_ok()
    };
    assert!(check("the first build"));
    assert!(check("no change"));

    let lesson = "content/trainings/referral-quality/from-worry-to-data.md";
    edit(&site, lesson, |t| t + "\nOne more sentence at the end.\n");
    assert!(check("a body edit"));
    edit(&site, lesson, |t| t + "\n## A new heading {#brand-new}\n");
    assert!(check("a new heading"));
    edit(&site, "content/guides/pencil-grasp.md", |t| {
        t + "\nSee [the new part](/trainings/referral-quality/from-worry-to-data.md#brand-new).\n"
    });
    assert!(check("a link to the new heading from another page"));
    edit(&site, lesson, |t| replace_once(&t, "## A new heading {#brand-new}\n", ""));
    assert!(!check("removing a heading another page links to"), "the now-broken anchor must fail both builds");
    edit(&site, "content/guides/pencil-grasp.md", |t| {
        replace_once(&t, "\nSee [the new part](/trainings/referral-quality/from-worry-to-data.md#brand-new).\n", "")
    });
    assert!(check("removing the link"));
    edit(&site, "content/guides/movement-breaks.md", |t| {
        replace_once(&t, "title = \"Movement breaks\"", "title = \"Renamed: Movement breaks\"")
    });
    assert!(check("a title change, shown on other pages"));
    edit(&site, "content/guides/fidget-tools.md", |t| {
        replace_once(&t, "+++\ntitle = \"Fidget tools", "+++\nslug = \"fidgets\"\ntitle = \"Fidget tools")
    });
    assert!(check("a slug change, which moves links on other pages"));
    edit(&site, "content/trainings/referral-quality/_index.md", |t| {
        replace_once(&t, "pass_score = 80", "pass_score = 70")
    });
    assert!(check("a module's pass mark, used by its quiz"));
    edit(&site, "content/guides/new-guide.md", |_| {
        "+++\ntitle = \"New\"\ntier = 1\nevidence = \"limited\"\n+++\n\nA new guide.\n".to_string()
    });
    assert!(check("a new page"));
    std::fs::remove_file(site.root().join("content/guides/new-guide.md")).unwrap();
    assert!(check("a deleted page"));
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    edit(&site, "templates/page.html", |_| {
        "{% extends \"base.html\" %}{% block main %}<p>v1</p>{% endblock main %}".into()
    });
    assert!(check("a new template override"));
    edit(&site, "templates/page.html", |t| replace_once(&t, "v1", "v2"));
    assert!(check("an edited template"));
    std::fs::remove_file(site.root().join("templates/page.html")).unwrap();
    assert!(check("a removed template override"));
    edit(&site, "content/case-studies/montgomery-county.md", |t| {
        replace_once(&t, "savings = 72092", "savings = 72000")
    });
    assert!(!check("a wrong case-study figure"));
}

/// `serve` tells the cache which files the watcher saw change (`RenderCache::forget`): an edit
/// that keeps the file's size within the file system's time resolution is read again, though
/// the size and modification time that the cache compares are as before. Returns the fresh
/// build's files.
fn a_same_size_edit_is_seen(site: &TestSite, path: &str, from: &str, to: &str) -> Vec<(String, Vec<u8>)> {
    assert_eq!(from.len(), to.len(), "the edit must keep the size");
    let options = BuildOptions::default();
    let mut cache = RenderCache::enabled();
    let file = site.root().join(path);
    assert!(outputs(build_site_with(site.root(), &options, &mut cache)).is_ok());
    let modified = std::fs::metadata(&file).and_then(|m| m.modified()).expect("the file's time");
    edit(site, path, |t| replace_once(&t, from, to));
    std::fs::File::options().write(true).open(&file).and_then(|f| f.set_modified(modified)).expect("set the time back");
    cache.forget(std::slice::from_ref(&file));
    let cached = outputs(build_site_with(site.root(), &options, &mut cache)).expect("the cached build");
    let fresh = outputs(build_site(site.root(), &options)).expect("the fresh build");
    assert!(cached == fresh, "the cached build kept {path} as it was before the edit");
    fresh
}

fn file<'a>(files: &'a [(String, Vec<u8>)], path: &str) -> &'a [u8] {
    files.iter().find(|(p, _)| p == path).map(|(_, b)| b.as_slice()).unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn a_page_the_watcher_names_is_read_again_even_with_the_same_size_and_time() {
    let site = TestSite::bundled();
    let path = "content/guides/movement-breaks.md";
    let fresh = a_same_size_edit_is_seen(&site, path, "title = \"Movement breaks\"", "title = \"Movement BREAKS\"");
    assert!(String::from_utf8_lossy(file(&fresh, "guides/movement-breaks/index.html")).contains("Movement BREAKS"));
}

#[test]
fn a_static_file_the_watcher_names_is_read_again_even_with_the_same_size_and_time() {
    let site = TestSite::bundled();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    edit(&site, "static/notes.txt", |_| "first version\n".to_string());
    let fresh = a_same_size_edit_is_seen(&site, "static/notes.txt", "first", "other");
    assert_eq!(file(&fresh, "notes.txt"), b"other version\n");
}
