//! What Tera would run until the stack overflows, found before anything renders: include, extends
//! and import cycles, macros that call themselves, and nesting deeper than a render thread's stack.
//!
//! A stack overflow aborts the whole process (exit 134, no message, and `serve` loses the site it
//! was serving), so none of this may be left for Tera to discover. Cycles are read from Tera's
//! parsed templates; nesting is read from the source text, because Tera's parser itself recurses.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use tera::ast::{Expr, ExprVal, Node};

use super::theme::TemplateFiles;
use crate::error::{Diagnostic, Error, Result};

/// The deepest one template may nest tags and brackets. Real templates stay under ten; a debug
/// build overflows a 2 MB render thread somewhere past 300.
pub(super) const MAX_NESTING: usize = 64;

/// The deepest a template may nest counting every template it extends, includes or imports.
pub(super) const MAX_CHAIN_NESTING: usize = 160;

/// Refuses templates nested deeper than [`MAX_NESTING`], at the tag that goes too deep.
pub(super) fn check_nesting(sources: &BTreeMap<String, String>, files: &TemplateFiles<'_>) -> Result<()> {
    let mut diagnostics = Vec::new();
    for (name, source) in sources {
        let nesting = nesting(source);
        if nesting.depth > MAX_NESTING {
            let (line, column) = crate::blocks::line_col(source, nesting.offset);
            diagnostics.push(
                Diagnostic::error(
                    files.file_of(name),
                    line,
                    column,
                    format!(
                        "tags and brackets are nested {} levels deep here; templates may nest at most {MAX_NESTING}",
                        nesting.depth
                    ),
                )
                .with_hint("flatten it: join conditions with `and` or `or`, or move the inner part into a macro"),
            );
        }
    }
    finish(diagnostics)
}

/// Refuses include, extends and import cycles, recursive macros and chains of templates nested
/// deeper than [`MAX_CHAIN_NESTING`] in all. `parsed` holds every template that parsed.
pub(super) fn check_graph(
    parsed: &HashMap<&str, &tera::Template>,
    sources: &BTreeMap<String, String>,
    files: &TemplateFiles<'_>,
) -> Result<()> {
    let source = |name: &str| sources.get(name).map_or("", String::as_str);
    let mut graph: BTreeMap<&str, Vec<Edge>> = parsed.iter().map(|(name, t)| (*name, edges(t, parsed))).collect();
    let mut diagnostics = Vec::new();
    for cycle in cycles(&graph) {
        let cycle = rotate(cycle, |name| files.is_on_disk(name));
        let edge = graph[cycle[0]].iter().find(|e| e.to == cycle[1]).map_or("include", |e| e.kind);
        let offset = locate_tag(source(cycle[0]), edge, cycle[1]);
        let (line, column) = offset.map_or((0, 0), |o| crate::blocks::line_col(source(cycle[0]), o));
        diagnostics.push(
            Diagnostic::error(
                files.file_of(cycle[0]),
                line,
                column,
                format!("templates include, extend or import each other in a loop: {}", cycle.join(" -> ")),
            )
            .with_hint("rendering would never end; remove one of the include, extends or import tags in the loop"),
        );
    }
    // Macros are nodes `file::name`; their names are owned here and borrowed by the graph.
    let (macro_names, macro_edges) = macro_graph(parsed);
    let macros: BTreeMap<&str, Vec<Edge>> = macro_names.iter().map(String::as_str).zip(macro_edges).collect();
    diagnostics.extend(macro_cycles(&macros, sources, files));
    if diagnostics.is_empty() {
        // Without cycles, what remains is depth: templates and the macros they call, together.
        for (name, template) in parsed {
            let calls = macro_calls(&template.ast).into_iter();
            let calls =
                calls.filter_map(|(namespace, called)| resolve_call(name, template, parsed, &namespace, &called));
            graph.entry(name).or_default().extend(calls.map(|to| Edge { to, kind: "macro" }));
        }
        graph.extend(macros);
        diagnostics.extend(deep_chains(&graph, sources, files));
    }
    finish(diagnostics)
}

fn finish(mut diagnostics: Vec<Diagnostic>) -> Result<()> {
    if diagnostics.is_empty() {
        return Ok(());
    }
    diagnostics.sort();
    Err(Error::Content(diagnostics))
}

/// One template naming another.
#[derive(Debug)]
struct Edge {
    to: String,
    /// The tag: `include`, `extends` or `import`.
    kind: &'static str,
}

/// The templates `template` extends, imports and includes. An include of a list names the first
/// that exists, as Tera renders it; a name that exists nowhere names nothing.
fn edges(template: &tera::Template, parsed: &HashMap<&str, &tera::Template>) -> Vec<Edge> {
    let mut edges = Vec::new();
    if let Some(parent) = &template.parent {
        edges.push(Edge { to: parent.clone(), kind: "extends" });
    }
    for (file, _namespace) in &template.imported_macro_files {
        edges.push(Edge { to: file.clone(), kind: "import" });
    }
    let mut includes = Vec::new();
    walk_nodes(&template.ast, &mut |node| {
        if let Node::Include(_, names, _) = node {
            if let Some(name) = names.iter().find(|n| parsed.contains_key(n.as_str())) {
                includes.push(name.clone());
            }
        }
    });
    for definition in template.macros.values() {
        walk_nodes(&definition.body, &mut |node| {
            if let Node::Include(_, names, _) = node {
                includes.extend(names.iter().find(|n| parsed.contains_key(n.as_str())).cloned());
            }
        });
    }
    edges.extend(includes.into_iter().map(|to| Edge { to, kind: "include" }));
    edges.retain(|e| parsed.contains_key(e.to.as_str()));
    edges
}

/// Calls `visit` on every node of `nodes`, nested ones included.
fn walk_nodes(nodes: &[Node], visit: &mut dyn FnMut(&Node)) {
    for node in nodes {
        visit(node);
        match node {
            Node::Block(_, block, _) => walk_nodes(&block.body, visit),
            Node::MacroDefinition(_, definition, _) => walk_nodes(&definition.body, visit),
            Node::FilterSection(_, section, _) => walk_nodes(&section.body, visit),
            Node::Forloop(_, forloop, _) => {
                walk_nodes(&forloop.body, visit);
                walk_nodes(forloop.empty_body.as_deref().unwrap_or_default(), visit);
            }
            Node::If(conditions, _) => {
                for (_, _, body) in &conditions.conditions {
                    walk_nodes(body, visit);
                }
                if let Some((_, body)) = &conditions.otherwise {
                    walk_nodes(body, visit);
                }
            }
            _ => {}
        }
    }
}

/// Every expression directly in `node` (not in nodes nested in it).
fn node_exprs(node: &Node) -> Vec<&Expr> {
    match node {
        Node::VariableBlock(_, expr) => vec![expr],
        Node::Set(_, set) => vec![&set.value],
        Node::Forloop(_, forloop, _) => vec![&forloop.container],
        Node::If(conditions, _) => conditions.conditions.iter().map(|(_, expr, _)| expr).collect(),
        Node::FilterSection(_, section, _) => section.filter.args.values().collect(),
        _ => Vec::new(),
    }
}

/// Calls `visit` on every expression in `expr`, itself included.
fn walk_expr<'e>(expr: &'e Expr, visit: &mut dyn FnMut(&'e Expr)) {
    visit(expr);
    for filter in &expr.filters {
        filter.args.values().for_each(|e| walk_expr(e, visit));
    }
    let pair = |lhs: &'e Expr, rhs: &'e Expr, visit: &mut dyn FnMut(&'e Expr)| {
        walk_expr(lhs, visit);
        walk_expr(rhs, visit);
    };
    match &expr.val {
        ExprVal::Math(math) => pair(&math.lhs, &math.rhs, visit),
        ExprVal::Logic(logic) => pair(&logic.lhs, &logic.rhs, visit),
        ExprVal::In(within) => pair(&within.lhs, &within.rhs, visit),
        ExprVal::Test(test) => test.args.iter().for_each(|e| walk_expr(e, visit)),
        ExprVal::MacroCall(call) => call.args.values().for_each(|e| walk_expr(e, visit)),
        ExprVal::FunctionCall(call) => call.args.values().for_each(|e| walk_expr(e, visit)),
        ExprVal::Array(items) => items.iter().for_each(|e| walk_expr(e, visit)),
        // A concatenation holds plain values: strings, names and calls without filters.
        ExprVal::StringConcat(concat) => {
            for value in &concat.values {
                if let ExprVal::MacroCall(call) = value {
                    call.args.values().for_each(|e| walk_expr(e, visit));
                }
            }
        }
        _ => {}
    }
}

/// The macros a macro body calls, as `(namespace, name)`.
fn macro_calls(body: &[Node]) -> Vec<(String, String)> {
    let mut calls = Vec::new();
    walk_nodes(body, &mut |node| {
        for expr in node_exprs(node) {
            walk_expr(expr, &mut |e| match &e.val {
                ExprVal::MacroCall(call) => calls.push((call.namespace.clone(), call.name.clone())),
                ExprVal::StringConcat(concat) => {
                    for value in &concat.values {
                        if let ExprVal::MacroCall(call) = value {
                            calls.push((call.namespace.clone(), call.name.clone()));
                        }
                    }
                }
                _ => {}
            });
        }
    });
    calls
}

/// Cycles of `graph`, each as the list of its nodes with the first repeated at the end. Every
/// cycle closed by a back edge of a depth-first walk in name order is found once.
fn cycles<'g>(graph: &BTreeMap<&'g str, Vec<Edge>>) -> Vec<Vec<&'g str>> {
    // 1: on the walk's current path; 2: finished.
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut found = Vec::new();
    for &start in graph.keys() {
        if state.contains_key(start) {
            continue;
        }
        // The path, each node with the index of its next edge to follow.
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, next)) = path.last_mut() {
            let Some(edge) = graph[*node].get(*next) else {
                state.insert(*node, 2);
                path.pop();
                continue;
            };
            *next += 1;
            let Some((&to, _)) = graph.get_key_value(edge.to.as_str()) else { continue };
            match state.get(to) {
                None => {
                    state.insert(to, 1);
                    path.push((to, 0));
                }
                Some(1) => {
                    let from = path.iter().position(|(n, _)| *n == to).unwrap_or(0);
                    let mut cycle: Vec<&str> = path[from..].iter().map(|(n, _)| *n).collect();
                    cycle.push(to);
                    found.push(cycle);
                }
                Some(_) => {}
            }
        }
    }
    found
}

/// Starts a cycle (first node repeated at the end) at its first node, in name order, that `prefer`
/// accepts (the site's own templates, which the author can change), else at its first node.
fn rotate(cycle: Vec<&str>, prefer: impl Fn(&str) -> bool) -> Vec<&str> {
    let ring = &cycle[..cycle.len() - 1];
    let start = ring
        .iter()
        .enumerate()
        .filter(|(_, n)| prefer(n))
        .min_by_key(|(_, n)| **n)
        .or_else(|| ring.iter().enumerate().min_by_key(|(_, n)| **n))
        .map_or(0, |(i, _)| i);
    let mut rotated: Vec<&str> = ring[start..].iter().chain(&ring[..start]).copied().collect();
    rotated.push(rotated[0]);
    rotated
}

/// Every macro as `file::name`, with the macros it calls.
fn macro_graph(parsed: &HashMap<&str, &tera::Template>) -> (Vec<String>, Vec<Vec<Edge>>) {
    let mut names = Vec::new();
    let mut calls = Vec::new();
    for (file, template) in parsed {
        for (name, definition) in &template.macros {
            let edges = macro_calls(&definition.body)
                .into_iter()
                .filter_map(|(namespace, called)| resolve_call(file, template, parsed, &namespace, &called))
                .map(|to| Edge { to, kind: "macro" })
                .collect();
            names.push(format!("{file}::{name}"));
            calls.push(edges);
        }
    }
    (names, calls)
}

/// The macro `namespace::name` called from `file` (`self` is the file itself, any other
/// namespace one it imports), as `file::name`; `None` if there is no such macro.
fn resolve_call(
    file: &str,
    template: &tera::Template,
    parsed: &HashMap<&str, &tera::Template>,
    namespace: &str,
    name: &str,
) -> Option<String> {
    let target = if namespace == "self" {
        file
    } else {
        template.imported_macro_files.iter().find(|(_, ns)| ns == namespace)?.0.as_str()
    };
    parsed.get(target)?.macros.contains_key(name).then(|| format!("{target}::{name}"))
}

/// Macros that call themselves, directly or through others (Tera has no depth limit, so a
/// recursive macro overflows the stack as soon as its end condition is wrong).
fn macro_cycles(
    graph: &BTreeMap<&str, Vec<Edge>>,
    sources: &BTreeMap<String, String>,
    files: &TemplateFiles<'_>,
) -> Vec<Diagnostic> {
    cycles(graph)
        .into_iter()
        .map(|cycle| {
            let cycle = rotate(cycle, |key| files.is_on_disk(key.split("::").next().unwrap_or_default()));
            let (file, name) = cycle[0].split_once("::").unwrap_or((cycle[0], ""));
            let source = sources.get(file).map_or("", String::as_str);
            let (line, column) =
                locate_macro(source, name).map_or((0, 0), |offset| crate::blocks::line_col(source, offset));
            Diagnostic::error(
                files.file_of(file),
                line,
                column,
                format!("macro `{name}` calls itself: {}", cycle.join(" -> ")),
            )
            .with_hint("a macro may not call itself: when its stop condition fails, it never stops; write the levels out instead")
        })
        .collect()
}

/// Chains of templates and macros (through extends, include, import and macro calls) whose
/// nesting adds up to more than [`MAX_CHAIN_NESTING`]. Only called once the graph has no cycles.
/// A macro weighs as much as the deepest nesting of its file.
fn deep_chains(
    graph: &BTreeMap<&str, Vec<Edge>>,
    sources: &BTreeMap<String, String>,
    files: &TemplateFiles<'_>,
) -> Vec<Diagnostic> {
    // The deepest nesting from each template down, with the next template on that path.
    let mut depth: HashMap<&str, (usize, Option<&str>)> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    // Post-order over the acyclic graph, iteratively.
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for &start in graph.keys() {
        let mut stack = vec![(start, false)];
        while let Some((node, expanded)) = stack.pop() {
            if expanded {
                order.push(node);
                continue;
            }
            if !seen.insert(node) {
                continue;
            }
            stack.push((node, true));
            for edge in &graph[node] {
                if let Some((&to, _)) = graph.get_key_value(edge.to.as_str()) {
                    stack.push((to, false));
                }
            }
        }
    }
    for node in order {
        let file = node.split_once("::").map_or(node, |(file, _)| file);
        let own = sources.get(file).map_or(0, |s| nesting(s).depth) + 1;
        let below =
            graph[node].iter().filter_map(|e| depth.get_key_value(e.to.as_str()).map(|(to, (d, _))| (*d, *to))).max();
        depth.insert(node, (own + below.map_or(0, |(d, _)| d), below.map(|(_, to)| to)));
    }
    // Reported once per file, at the first of the site's own templates on the chain (the theme's
    // are fine on their own, so one of the site's made it too deep).
    let mut reported: BTreeMap<String, Diagnostic> = BTreeMap::new();
    // Nodes on a reported chain: the chains that start below them are part of it.
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    let mut starts: Vec<(&str, usize)> = depth.iter().map(|(n, (d, _))| (*n, *d)).collect();
    starts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (name, total) in starts {
        if total <= MAX_CHAIN_NESTING || name.contains("::") || covered.contains(name) {
            continue;
        }
        let mut chain = vec![name];
        while let Some((_, Some(next))) = depth.get(chain[chain.len() - 1]) {
            chain.push(next);
        }
        covered.extend(chain.iter().copied());
        let blamed = chain
            .iter()
            .map(|node| node.split_once("::").map_or(*node, |(file, _)| file))
            .find(|file| files.is_on_disk(file))
            .unwrap_or(name);
        reported.entry(files.file_of(blamed)).or_insert_with(|| {
            Diagnostic::error(
                files.file_of(blamed),
                0,
                0,
                format!(
                    "templates nest {total} levels deep counting what they extend, include, import and call ({}); at most {MAX_CHAIN_NESTING}",
                    chain.join(" -> ")
                ),
            )
            .with_hint("flatten the deepest of these templates, or include fewer templates inside each other")
        });
    }
    reported.into_values().collect()
}

/// How deep a template nests, and where it is deepest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Nesting {
    depth: usize,
    /// Byte offset of the tag where the depth is first reached.
    offset: usize,
}

/// The deepest nesting of block tags (`if`, `for`, `block`, `macro`, `filter`) plus brackets in
/// the expressions at that point. Strings, comments and `{% raw %}` bodies are skipped.
fn nesting(source: &str) -> Nesting {
    let mut deepest = Nesting::default();
    let mut blocks = 0usize;
    for tag in tags(source) {
        let brackets = bracket_depth(tag.inner);
        if blocks + brackets > deepest.depth {
            deepest = Nesting { depth: blocks + brackets, offset: tag.offset };
        }
        if tag.is_statement {
            match tag.word() {
                "if" | "for" | "block" | "macro" | "filter" => blocks += 1,
                "endif" | "endfor" | "endblock" | "endmacro" | "endfilter" => blocks = blocks.saturating_sub(1),
                _ => {}
            }
            if blocks > deepest.depth {
                deepest = Nesting { depth: blocks, offset: tag.offset };
            }
        }
    }
    deepest
}

/// The deepest `(` and `[` nesting in a tag's text, outside string literals.
fn bracket_depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut quote) = (0usize, 0usize, None);
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ')' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// A `{% %}` statement or `{{ }}` expression of a template's source.
#[derive(Debug, Clone, Copy)]
struct Tag<'s> {
    /// Byte offset of the opening `{`.
    offset: usize,
    /// The text between the delimiters.
    inner: &'s str,
    is_statement: bool,
}

impl<'s> Tag<'s> {
    /// The statement's keyword: `if`, `include`, `endfor`...
    fn word(&self) -> &'s str {
        let text = self.inner.trim_start_matches('-').trim_start();
        let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(text.len());
        &text[..end]
    }

    /// The statement's text after its keyword.
    fn rest(&self) -> &'s str {
        let text = self.inner.trim_start_matches('-').trim_start();
        text[self.word().len()..].trim_start()
    }
}

/// The tags of a template, in order, without comments and `{% raw %}` bodies.
fn tags(source: &str) -> Vec<Tag<'_>> {
    let mut tags = Vec::new();
    let mut at = 0;
    let mut in_raw = false;
    while let Some(found) = source[at..].find('{') {
        let start = at + found;
        let rest = &source[start..];
        let close = if rest.starts_with("{%") {
            "%}"
        } else if rest.starts_with("{{") && !in_raw {
            "}}"
        } else if rest.starts_with("{#") && !in_raw {
            "#}"
        } else {
            at = start + 1;
            continue;
        };
        let body = &rest[2..];
        let end = end_of_tag(body, close).unwrap_or(body.len());
        let tag = Tag { offset: start, inner: &body[..end], is_statement: close == "%}" };
        at = (start + 2 + end + close.len()).min(source.len());
        if close == "#}" {
            continue;
        }
        if in_raw {
            in_raw = tag.word() != "endraw";
            continue;
        }
        in_raw = tag.is_statement && tag.word() == "raw";
        tags.push(tag);
    }
    tags
}

/// Where `close` ends a tag's text, skipping string literals.
fn end_of_tag(body: &str, close: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in body.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if body[i..].starts_with(close) => return Some(i),
            None => {}
        }
    }
    None
}

/// The offset of the first `{% kind ... "target" ... %}` tag of a source.
fn locate_tag(source: &str, kind: &str, target: &str) -> Option<usize> {
    let quoted = ['"', '\'', '`'].map(|q| format!("{q}{target}{q}"));
    tags(source)
        .into_iter()
        .find(|tag| tag.is_statement && tag.word() == kind && quoted.iter().any(|q| tag.rest().contains(q.as_str())))
        .map(|tag| tag.offset)
}

/// The offset of the `{% macro name(...) %}` tag of a source.
fn locate_macro(source: &str, name: &str) -> Option<usize> {
    tags(source)
        .into_iter()
        .find(|tag| {
            tag.is_statement
                && tag.word() == "macro"
                && tag.rest().strip_prefix(name).is_some_and(|after| after.trim_start().starts_with('('))
        })
        .map(|tag| tag.offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_block_tags_and_brackets() {
        assert_eq!(nesting("plain").depth, 0);
        assert_eq!(nesting("{% if a %}{% for x in y %}{{ f(g(x)) }}{% endfor %}{% endif %}").depth, 4);
        assert_eq!(nesting("{% if a %}{% endif %}{% if b %}{% endif %}").depth, 1, "siblings do not add up");
        assert_eq!(nesting("{{ \"((((\" }}{# {% if %}{% if %} #}").depth, 0, "strings and comments are text");
        assert_eq!(nesting("{% raw %}{% if a %}{{ ((( }}{% endraw %}").depth, 0, "raw bodies are text");
        let deep = format!("ab\n{}", "{% if x %}".repeat(70));
        let found = nesting(&deep);
        assert_eq!(found.depth, 70);
        assert_eq!(crate::blocks::line_col(&deep, found.offset), (2, 1 + 69 * 10));
    }

    #[test]
    fn tags_are_located_by_keyword_and_target() {
        let source = "{# {% include \"a.html\" %} #}\n  {%- include 'a.html' -%}\n{% import \"m.html\" as m %}";
        assert_eq!(locate_tag(source, "include", "a.html").map(|o| crate::blocks::line_col(source, o)), Some((2, 3)));
        assert_eq!(locate_tag(source, "import", "m.html").map(|o| crate::blocks::line_col(source, o)), Some((3, 1)));
        assert_eq!(locate_tag(source, "include", "b.html"), None);
        let macros = "{% macro fa() %}{% endmacro %}\n{% macro f (n) %}";
        assert_eq!(locate_macro(macros, "f").map(|o| crate::blocks::line_col(macros, o)), Some((2, 1)));
    }

    fn graph(edges: &[(&'static str, &[&str])]) -> BTreeMap<&'static str, Vec<Edge>> {
        edges
            .iter()
            .map(|(from, to)| (*from, to.iter().map(|t| Edge { to: t.to_string(), kind: "include" }).collect()))
            .collect()
    }

    #[test]
    fn cycles_are_found_once_each_with_their_chain() {
        let g = graph(&[("a", &["b"]), ("b", &["c", "a"]), ("c", &["c"]), ("d", &["a"])]);
        let mut found = cycles(&g);
        found.sort();
        assert_eq!(found, vec![vec!["a", "b", "a"], vec!["c", "c"]]);
        assert!(cycles(&graph(&[("a", &["b", "c"]), ("b", &["c"]), ("c", &[])])).is_empty(), "a diamond is fine");
    }

    #[test]
    fn a_cycle_starts_at_the_sites_own_template() {
        assert_eq!(rotate(vec!["base", "toc", "page", "base"], |n| n == "toc"), vec!["toc", "page", "base", "toc"]);
        assert_eq!(rotate(vec!["b", "a", "b"], |_| true), vec!["a", "b", "a"]);
        assert_eq!(rotate(vec!["p", "p"], |_| false), vec!["p", "p"]);
    }
}
