//! The command line itself: help, version, init, new and check.

use crate::harness::{tierbook, TestSite};

#[test]
fn help_explains_every_build_flag() {
    let out = tierbook().args(["build", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in ["--root", "--output", "--base-url", "--drafts"] {
        assert!(help.contains(flag), "build --help lacks {flag}:\n{help}");
    }
    assert!(help.contains("Replaced only after a successful build"));
}

#[test]
fn version_names_the_release_and_the_commit_it_was_built_from() {
    let out = tierbook().arg("--version").output().unwrap();
    // cargo reruns build.rs when HEAD moves, so the binary under test is built from HEAD.
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string());
    let commit = std::env::var("TIERBOOK_COMMIT").ok().or(head).unwrap_or_else(|| "unknown".into());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("tierbook {} (commit {commit})", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = tierbook().arg("bogus").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn init_makes_a_site_that_builds_and_checks_clean() {
    let parent = TestSite::empty();
    let dir = parent.root().join("district");
    let run = parent.run(&["init", &dir.to_string_lossy()]);
    run.success().stdout_has("Created a tierbook site");
    assert!(dir.join("templates").is_dir() && dir.join("static").is_dir());
    let config = std::fs::read_to_string(dir.join("tierbook.toml")).unwrap();
    assert!(config.contains("# Your brand color"), "the config explains its settings");

    let root = dir.to_string_lossy().into_owned();
    let check = parent.run(&["check", "--root", &root]);
    check.success().stdout_has("0 errors, 0 warnings");
    let out = parent.root().join("out").to_string_lossy().into_owned();
    parent.run(&["build", "--root", &root, "--output", &out]).success();
    assert!(parent.root().join("out/trainings/sample-module/index.html").is_file());
    assert!(parent.root().join("out/guides/movement-breaks/index.html").is_file());
    assert!(parent.root().join("out/case-studies/sample-case/index.html").is_file());
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let site = TestSite::new();
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["init", &root]).exit(2).stderr_has("is not empty");
    assert!(!site.root().join("content/trainings").exists(), "nothing was written");
}

#[test]
fn new_writes_each_kind_with_its_front_matter_and_never_overwrites() {
    let site = TestSite::new();
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["new", "module", "trainings/my-module", "--root", &root]).success();
    site.run(&["new", "lesson", "content/trainings/my-module/first-steps.md", "--root", &root]).success();
    site.run(&["new", "guide", "guides/hand-warm-ups", "--root", &root]).success();
    site.run(&["new", "case-study", "case-studies/our-story", "--root", &root]).success();

    let module = std::fs::read_to_string(site.root().join("content/trainings/my-module/_index.md")).unwrap();
    assert!(module.contains("kind = \"module\"") && module.contains("pass_score = 80"));
    let lesson = std::fs::read_to_string(site.root().join("content/trainings/my-module/first-steps.md")).unwrap();
    assert!(lesson.contains("title = \"First steps\""));
    let guide = std::fs::read_to_string(site.root().join("content/guides/hand-warm-ups.md")).unwrap();
    assert!(guide.contains("evidence = ") && guide.contains("tier = 1"));

    // The generated files are valid: the site still builds.
    site.build().success();
    assert!(site.exists("trainings/my-module/first-steps/index.html"));

    site.run(&["new", "guide", "guides/hand-warm-ups", "--root", &root]).exit(2).stderr_has("never overwrites");
    site.run(&["new", "guide", "../escape", "--root", &root]).exit(2);
}

#[test]
fn new_takes_an_absolute_path_only_inside_the_sites_content_folder() {
    let site = TestSite::new();
    let root = site.root().to_string_lossy().into_owned();
    let inside = site.root().join("content/guides/warm-ups.md");
    site.run(&["new", "guide", &inside.to_string_lossy(), "--root", &root]).success();
    assert!(inside.is_file());
    let outside = site.root().parent().expect("parent").join("elsewhere/b.md");
    site.run(&["new", "guide", &outside.to_string_lossy(), "--root", &root])
        .exit(2)
        .stderr_has("is outside the site's content/ folder");
    // Not created where it was asked, nor quietly under content/.
    assert!(!outside.exists());
    let quiet = site.root().join("content").join(outside.strip_prefix("/").expect("absolute"));
    assert!(!quiet.exists(), "{}", quiet.display());
}

#[test]
fn check_reports_errors_as_json_and_writes_nothing() {
    let site = TestSite::new().file("content/a.md", "+++\ntitle = \"A\"\n+++\n\n[x](missing.md)\n");
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run(&["check", "--root", &root, "--format", "json"]);
    run.exit(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("check --format json prints JSON");
    assert_eq!(report["errors"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["path"], "content/a.md");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(5), Some(1)));
    assert_eq!(d["severity"], "error");
    assert!(!site.out().exists(), "check writes nothing");
}

#[test]
fn check_warns_about_pages_past_review_and_hard_reading() {
    let dense = "Comprehensive multidisciplinary evaluations necessitate collaborative interpretation of standardized instrumentation. ".repeat(6);
    let site =
        TestSite::new().file("content/old.md", "+++\ntitle = \"Old\"\nreview_by = 2001-01-01\n+++\n\nText.\n").file(
            "content/g.md",
            &format!("+++\ntitle = \"G\"\nkind = \"guide\"\ntier = 1\nevidence = \"limited\"\n+++\n\n{dense}\n"),
        );
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["check", "--root", &root])
        .success()
        .stdout_has("content/old.md: warning: due for review: review_by 2001-01-01 has passed")
        .stdout_has("content/g.md: warning: reading level is grade")
        .stdout_has("should be at most grade 8");
}
