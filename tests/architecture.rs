//! The shape of the code (issue 12), checked on `src/` as it sits in the repository: the crate's
//! top-level modules form no import cycle, and no function grows past about a hundred lines.
//! Both fail with every offender named, so a change that breaks them says where.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its unit tests (`#[cfg(test)]` to the end, as this crate writes them).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read source");
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Top-level module -> the other top-level modules its code names as `crate::x`.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let module_of = |path: &Path| -> Option<String> {
        let rel = path.strip_prefix(src()).ok()?;
        let first = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
        let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
        (name != "lib" && name != "main").then_some(name)
    };
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_of(file) else { continue };
        let code = code_of(file);
        let edges = graph.entry(module.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                .collect();
            if name != module && modules.contains(&name) {
                edges.insert(name);
            }
        }
    }
    graph
}

/// Every cycle found by a depth-first walk from each module, as `a -> b -> a`.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut BTreeSet<String>,
    ) {
        let here = path.last().expect("a start").clone();
        for next in graph.get(&here).into_iter().flatten() {
            if let Some(i) = path.iter().position(|m| m == next) {
                let mut cycle = path[i..].to_vec();
                // One spelling per cycle: start it at its smallest module.
                let min = cycle.iter().enumerate().min_by_key(|(_, m)| *m).map_or(0, |(i, _)| i);
                cycle.rotate_left(min);
                cycle.push(cycle[0].clone());
                found.insert(cycle.join(" -> "));
            } else if !done.contains(next) {
                path.push(next.clone());
                walk(graph, path, done, found);
                path.pop();
            }
        }
        done.insert(here);
    }
    let mut found = BTreeSet::new();
    for start in graph.keys() {
        walk(graph, &mut vec![start.clone()], &mut BTreeSet::new(), &mut found);
    }
    found
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", &["b"][..]), ("b", &["c"]), ("c", &["a"]), ("d", &["a"])]
        .into_iter()
        .map(|(m, e)| (m.to_string(), e.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(cycles(&graph).into_iter().collect::<Vec<_>>(), ["a -> b -> c -> a"]);
}

#[test]
fn top_level_modules_import_no_cycle() {
    let graph = module_graph();
    assert!(graph.len() > 10 && graph["render"].contains("content"), "the graph was read: {graph:?}");
    let found = cycles(&graph);
    assert!(
        found.is_empty(),
        "import cycles between top-level modules:\n{}",
        found.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// Functions of `code` longer than `max` lines: (name, first line, lines). A function runs from
/// its `fn` line to the first later line that closes it at the same indentation.
fn long_functions(code: &str, max: usize) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let after_vis = trimmed
            .strip_prefix("pub(crate) ")
            .or_else(|| trimmed.strip_prefix("pub(super) "))
            .or_else(|| trimmed.strip_prefix("pub "))
            .unwrap_or(trimmed);
        let Some(rest) = after_vis.strip_prefix("fn ") else { continue };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let close = format!("{indent}}}");
        if let Some(len) = lines[i + 1..].iter().position(|l| *l == close) {
            if len + 2 > max {
                out.push((name, i + 1, len + 2));
            }
        }
    }
    out
}

#[test]
fn the_length_check_measures_functions() {
    let code = format!("fn short() {{\n    1\n}}\n\n    pub(crate) fn long() {{\n{}    }}\n", "        x;\n".repeat(5));
    assert_eq!(long_functions(&code, 4), [("long".to_string(), 5, 7)]);
}

#[test]
fn no_function_runs_past_a_hundred_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        for (name, line, len) in long_functions(&code_of(file), 100) {
            let shown = file.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_or(file);
            problems.push(format!("{}:{line}: fn {name} has {len} lines; split it into named steps", shown.display()));
        }
    }
    assert!(files.len() > 30, "the sources were read");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
