//! The build-time lint of `tierbook check`: warnings with file, line and column.

use crate::harness::TestSite;

#[test]
fn check_warns_about_headings_links_and_tables_with_positions() {
    let site = TestSite::new().file(
        "content/page.md",
        "+++\ntitle = \"Page\"\n+++\n\n## Steps\n\n#### Detail\n\nSee [click here](_index.md).\n\n|   |   |\n|---|---|\n| 1 | 2 |\n",
    );
    let run = site.run(&["check"]);
    run.exit(0);
    run.stdout_has("content/page.md:7:1: warning: heading level skipped: h4 follows h2");
    run.stdout_has("content/page.md:9:5: warning: link text \"click here\" does not say where it goes");
    run.stdout_has("content/page.md:11:1: warning: table has an empty header row");
}
