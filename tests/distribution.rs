//! What a district gets without Rust: the CI recipes `tierbook init --ci` writes, and the man page
//! and completions packages install (`tierbook generate`). The release archive and the .deb are
//! tested by scripts/test-release.sh, which .ci/run runs after this suite.

use std::path::Path;

use serde_norway::Value;

use crate::harness::{tierbook, TestSite};

/// The address the tests publish at, standing in for what the host's CI provides.
const PAGES_URL: &str = "https://district.example/pd";

/// `tierbook init site --ci <ci>` in a fresh folder; returns the parent folder.
fn init(ci: &str) -> TestSite {
    let parent = TestSite::empty();
    parent.run(&["init", "site", "--ci", ci]).success();
    parent
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_norway::from_str(&text).unwrap_or_else(|err| panic!("{} is not YAML: {err}", path.display()))
}

/// The lines of shell `commands` that run tierbook, with the host's address put in and split into
/// arguments (the recipes use plain words and double quotes only).
fn tierbook_commands(commands: &[String]) -> Vec<Vec<String>> {
    commands
        .iter()
        .flat_map(|command| command.lines())
        .map(|line| line.replace("${{ steps.pages.outputs.base_url }}", PAGES_URL).replace("$CI_PAGES_URL", PAGES_URL))
        .filter(|line| line.trim_start().starts_with("tierbook "))
        .map(|line| line.split_whitespace().skip(1).map(|word| word.trim_matches('"').to_string()).collect())
        .collect()
}

/// Runs each command in the site folder, as the CI job would, and checks the published folder.
fn run_in_site(parent: &TestSite, commands: &[Vec<String>], names: &str) {
    let verbs: Vec<&str> = commands.iter().map(|args| args[0].as_str()).collect();
    assert_eq!(verbs, ["check", "build"], "{names}: check, then build");
    for args in commands {
        let output = tierbook().args(args).current_dir(parent.root().join("site")).output().unwrap();
        assert!(
            output.status.success(),
            "{names}: `tierbook {}` failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let home = std::fs::read_to_string(parent.root().join("site/public/index.html")).unwrap();
    assert!(home.contains("/pd/"), "{names}: the build used the host's address");
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items.iter().filter_map(|item| item.as_str().map(str::to_string)).collect(),
        other => panic!("expected a list of commands, got {other:?}"),
    }
}

/// The pin both recipes share: this release's archive, checked against a SHA-256 before it runs.
fn assert_pinned(archive: &str, install: &str, names: &str) {
    let name = format!("tierbook-{}-x86_64-linux.tar.gz", env!("CARGO_PKG_VERSION"));
    assert!(archive.contains(&name), "{names}: pins {name}: {archive}");
    assert!(install.contains("sha256sum --check --strict"), "{names}: checks the download");
    let check = install.find("sha256sum").unwrap();
    assert!(check < install.find("tar -xzf").unwrap(), "{names}: checks before unpacking");
}

#[test]
fn init_writes_a_github_pages_workflow_whose_commands_work_on_the_site() {
    let parent = init("github");
    let path = parent.root().join("site/.github/workflows/tierbook.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("THE ONE VALUE TO CHANGE"), "the value to change is marked");
    assert!(!parent.root().join("site/.gitlab-ci.yml").exists());
    let workflow = yaml(&path);

    let steps = workflow["jobs"]["build"]["steps"].as_sequence().expect("build steps");
    let uses: Vec<&str> = steps.iter().filter_map(|step| step["uses"].as_str()).collect();
    assert!(uses.iter().any(|action| action.starts_with("actions/upload-pages-artifact@")), "{uses:?}");
    let deploy = workflow["jobs"]["deploy"]["steps"][0]["uses"].as_str().unwrap();
    assert!(deploy.starts_with("actions/deploy-pages@"));
    assert_eq!(workflow["permissions"]["pages"].as_str(), Some("write"));
    assert!(workflow["on"]["schedule"][0]["cron"].is_string(), "publishes on a schedule");

    let runs: Vec<String> = steps.iter().filter_map(|step| step["run"].as_str().map(str::to_string)).collect();
    let install = runs.iter().find(|run| run.contains("curl")).expect("an install step");
    assert_pinned(workflow["env"]["TIERBOOK_ARCHIVE"].as_str().unwrap(), install, "github");
    run_in_site(&parent, &tierbook_commands(&runs), "github");
}

#[test]
fn init_writes_a_gitlab_pages_job_whose_commands_work_on_the_site() {
    let parent = init("gitlab");
    let path = parent.root().join("site/.gitlab-ci.yml");
    assert!(std::fs::read_to_string(&path).unwrap().contains("THE ONE VALUE TO CHANGE"));
    assert!(!parent.root().join("site/.github").exists());
    let config = yaml(&path);

    let job = &config["pages"];
    assert_eq!(strings(&job["artifacts"]["paths"]), ["public"], "GitLab Pages publishes public/");
    let install = strings(&job["before_script"]).join("\n");
    assert_pinned(config["variables"]["TIERBOOK_ARCHIVE"].as_str().unwrap(), &install, "gitlab");
    run_in_site(&parent, &tierbook_commands(&strings(&job["script"])), "gitlab");
}

#[test]
fn init_writes_no_recipe_with_ci_none_and_github_by_default() {
    let none = init("none");
    assert!(!none.root().join("site/.github").exists() && !none.root().join("site/.gitlab-ci.yml").exists());
    let default = TestSite::empty();
    default.run(&["init", "site"]).success();
    assert!(default.root().join("site/.github/workflows/tierbook.yml").is_file());
    default.run(&["init", "other", "--ci", "jenkins"]).exit(2).stderr_has("possible values: github, gitlab, none");
}

#[test]
fn the_man_page_covers_every_command_and_the_completions_know_them() {
    let run = |args: &[&str]| {
        let output = tierbook().args(args).output().unwrap();
        assert!(output.status.success(), "tierbook {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let man = run(&["generate", "man"]);
    assert!(man.contains(".TH tierbook 1"), "{}", &man[..man.len().min(200)]);
    // roff writes a hyphen as `\-`.
    let man = man.replace("\\-", "-");
    for command in ["build", "serve", "check", "calc", "init", "new"] {
        assert!(man.contains(&format!("tierbook-{command}(1)")), "the man page lacks {command}");
    }
    assert!(!man.contains("tierbook-generate"), "the packaging helper stays out of the man page");
    let bash = run(&["generate", "completions", "bash"]);
    assert!(bash.contains("complete -F") && bash.contains("build"), "{bash}");
    for shell in ["zsh", "fish"] {
        assert!(run(&["generate", "completions", shell]).contains("serve"), "{shell}");
    }
}
