//! The modules of `thidua-api` depend on each other one way only: a module that imports another
//! is never imported by it, directly or round a longer loop. Cycles are where a helper lives in
//! the wrong home; this test names them, and `docs/ARCHITECTURE.md` draws the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of the crate (a file under src/: `a.rs` is `a`, `a/mod.rs` is `a`, `a/b.rs` is
/// `a::b`) and the modules it imports.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    collect(&src, "", &mut sources);
    let root = sources.remove("").expect("lib.rs");
    // Names the crate root re-exports, by the module that defines them (`pub use m::{A, B}`).
    let mut defined_in: BTreeMap<String, String> = BTreeMap::new();
    for (path, names) in re_exports(&root) {
        let module = deepest_module(&path, &sources).expect("lib.rs re-exports from a module of the crate");
        for name in names {
            defined_in.insert(name, module.clone());
        }
    }
    let mut graph = BTreeMap::new();
    for (module, text) in &sources {
        let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
        let mut deps = BTreeSet::new();
        for path in crate_paths(text, "crate::") {
            let target = deepest_module(&path, &sources).or_else(|| defined_in.get(path.split("::").next().unwrap_or("")).cloned());
            deps.extend(target);
        }
        // `super::` in a file's own test module is the file itself.
        let code = text.split("#[cfg(test)]").next().unwrap_or(text);
        for path in crate_paths(code, "super::").into_iter().filter(|_| !parent.is_empty()) {
            deps.extend(deepest_module(&format!("{parent}::{path}"), &sources).or(Some(parent.to_owned())));
        }
        // A module is allowed its own descendants and itself.
        deps.retain(|d| d != module && !d.starts_with(&format!("{module}::")));
        graph.insert(module.clone(), deps);
    }
    graph
}

/// The source of every module under `dir`, by module path.
fn collect(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let join = |name: &str| if prefix.is_empty() { name.to_owned() } else { format!("{prefix}::{name}") };
        if path.is_dir() {
            collect(&path, &join(&stem), out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let module = match stem.as_str() {
                "lib" if prefix.is_empty() => String::new(),
                "mod" => prefix.to_owned(),
                _ => join(&stem),
            };
            out.insert(module, std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The longest prefix of `path` ("records::rows::ListCache") that is a module ("records::rows").
fn deepest_module(path: &str, modules: &BTreeMap<String, String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|p| modules.contains_key(p))
}

/// `pub use m::{A, B};` and `pub use m::n::A;` in lib.rs → ("m" or "m::n", [A, B]).
fn re_exports(lib: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for statement in lib.split(';') {
        let s = statement.trim();
        let Some(rest) = s.strip_prefix("pub use ") else { continue };
        if rest.starts_with("thidua_") {
            continue;
        }
        let (module, names) = match rest.split_once("::{") {
            Some((m, names)) => (m.to_owned(), names.trim_end_matches('}').to_owned()),
            None => match rest.rsplit_once("::") {
                Some((m, name)) => (m.to_owned(), name.to_owned()),
                None => continue,
            },
        };
        out.push((module, names.split(',').map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).collect()));
    }
    out
}

/// Every path a file names under `prefix` (`crate::` or `super::`), with `use crate::{a::b, C}`
/// groups expanded.
fn crate_paths(text: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(prefix) {
        // `thidua_store::…` and the like are other crates; only the path's own start counts.
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            out.extend(group[..end].split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()));
        } else {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            out.push(rest[..end].to_owned());
        }
    }
    out
}

/// One cycle of the graph, if there is any, as the modules round it.
fn a_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, done, path) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

#[test]
fn no_two_modules_import_each_other() {
    let graph = module_graph();
    assert!(graph.len() > 10, "the modules were not found: {graph:?}");
    if let Some(cycle) = a_cycle(&graph) {
        panic!("modules of thidua-api import each other: {}\n\nthe whole graph:\n{}", cycle.join(" → "), show(&graph));
    }
    if std::env::var_os("PRINT_MODULE_GRAPH").is_some() {
        println!("{}", show(&graph));
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"]), ("d", vec!["a"])]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
        .collect();
    assert_eq!(a_cycle(&graph), Some(vec!["a".to_owned(), "b".into(), "c".into(), "a".into()]));
    assert_eq!(
        crate_paths("use crate::{ApiError, keys::stored_key};\nlet x = crate::files::write(1);", "crate::"),
        ["ApiError", "keys::stored_key", "files::write"]
    );
}

fn show(graph: &BTreeMap<String, BTreeSet<String>>) -> String {
    graph.iter().map(|(m, deps)| format!("{m} → {}", deps.iter().cloned().collect::<Vec<_>>().join(", "))).collect::<Vec<_>>().join("\n")
}
