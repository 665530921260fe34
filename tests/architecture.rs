//! The shape of the code, checked: the modules of `src/cli/` depend on each other one way
//! only (the output helpers at the bottom, the dispatch at the top), so none of them can be
//! understood only together with another.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `module -> modules of src/cli it names` (`super::x`, `crate::cli::x`).
fn cli_graph() -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
    let mut names = BTreeSet::new();
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_else(|| panic!("{}", path.display()))
                .to_owned();
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            names.insert(name.clone());
            texts.push((name, text));
        }
    }
    texts
        .into_iter()
        .map(|(name, text)| {
            let deps = names
                .iter()
                .filter(|other| **other != name)
                .filter(|other| {
                    text.contains(&format!("super::{other}"))
                        || text.contains(&format!("crate::cli::{other}"))
                })
                .cloned()
                .collect();
            (name, deps)
        })
        .collect()
}

/// A cycle in `graph`, if there is one, as the modules along it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn cli_modules_depend_on_each_other_one_way() {
    let graph = cli_graph();
    assert!(graph.len() >= 5, "src/cli has too few modules: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("src/cli imports in a circle: {}", cycle.join(" -> "));
    }
    // The output helpers sit at the bottom.
    for leaf in ["emit", "failure", "write"] {
        let deps = &graph[leaf];
        assert!(
            deps.iter().all(|d| d == "emit" || d == "failure"),
            "{leaf} depends on {deps:?}"
        );
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("a".into(), ["b".to_owned()].into());
    g.insert("b".into(), ["c".to_owned()].into());
    g.insert("c".into(), ["a".to_owned()].into());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    g.insert("c".into(), BTreeSet::new());
    assert_eq!(find_cycle(&g), None);
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

#[test]
fn library_modules_stay_under_800_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    assert!(files.len() > 50, "{} files", files.len());
    let long: Vec<String> = files
        .iter()
        .filter_map(|p| {
            let lines = std::fs::read_to_string(p)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .lines()
                .count();
            (lines >= 800).then(|| format!("{} ({lines} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these: {long:?}");
}
