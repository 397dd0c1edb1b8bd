//! The code map's structural invariants (ARCHITECTURE.md), checked on the sources: the engine
//! imports nothing of the web or of the plots, and the page's modules (`src/app/`) form no
//! cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

fn sources(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<(String, String)> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn the_engine_imports_nothing_of_the_web_or_the_plots() {
    let engine = sources("src/engine");
    assert!(engine.len() > 10, "found the engine's files");
    for (name, text) in engine {
        // Code only: the module documentation names what it must not use.
        let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        for word in ["leptos", "web_sys", "wasm_bindgen", "plotters", "gloo", "crate::app", "crate::plot", "crate::protocol", "crate::host"] {
            assert!(!code.contains(word), "src/engine/{name}.rs uses {word}");
        }
    }
}

/// The sibling modules a file of `src/app/` uses (`super::name`, `crate::app::name`).
fn uses(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for prefix in ["super::", "crate::app::"] {
        let mut rest = text;
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if modules.contains(&name) && rest[name.len()..].starts_with("::") {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn the_page_modules_form_no_cycle() {
    let files = sources("src/app");
    let modules: BTreeSet<String> = files.iter().map(|(n, _)| n.clone()).filter(|n| n != "mod").collect();
    assert!(modules.contains("controls") && modules.contains("widgets"), "found the page's modules");
    let graph: BTreeMap<String, BTreeSet<String>> =
        files.iter().filter(|(n, _)| n != "mod").map(|(n, t)| (n.clone(), uses(t, &modules).into_iter().filter(|m| m != n).collect())).collect();
    // Depth-first search for a path back to the start.
    fn reach(graph: &BTreeMap<String, BTreeSet<String>>, from: &str, seen: &mut BTreeSet<String>, path: &mut Vec<String>) -> Option<Vec<String>> {
        for next in &graph[from] {
            if Some(next) == path.first() {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if let Some(c) = reach(graph, next, seen, path) {
                    return Some(c);
                }
                path.pop();
            }
        }
        None
    }
    for start in graph.keys() {
        let cycle = reach(&graph, start, &mut BTreeSet::new(), &mut vec![start.clone()]);
        assert!(cycle.is_none(), "src/app modules form a cycle: {}", cycle.unwrap().join(" → "));
    }
    // The shared modules use no panel (only each other, without a cycle: widgets' save
    // buttons ask canvas for an SVG).
    let shared = ["widgets", "canvas", "look"];
    for s in shared {
        assert!(graph[s].iter().all(|m| shared.contains(&m.as_str())), "{s} uses {:?}", graph[s]);
    }
}

/// The worker parses no URL and words no problem (the page does both, in the reader's
/// language): its code (the host without its tests, the worker's glue) names neither the
/// settings table nor the string table, so its wasm links neither (~90 KB gzip).
#[test]
fn the_worker_uses_neither_the_settings_nor_the_strings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["src/host.rs", "src/app/worker.rs", "src/bin/worker.rs"] {
        let text = fs::read_to_string(root.join(file)).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let code: String = code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        for word in ["crate::settings", "crate::i18n", "crate::lessons", "descent::settings", "descent::i18n"] {
            assert!(!code.contains(word), "{file} uses {word}");
        }
    }
}
