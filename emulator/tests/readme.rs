//! Every place in the code and docs that sends a reader to a section of the README names a
//! section that exists. The README is the manual: a comment or an error message that points
//! at a heading which was renamed or removed sends the reader nowhere, and nothing else
//! would notice.
//!
//! A reference is found by a few patterns, in every text file of the repository:
//! - a quoted name after the README: `README's "Name"`, `README, "Name"`, `README "Name"`;
//! - an unquoted one: `README's Name` (capitalised) or `README's name section`;
//! - a link: `README.md#anchor` (when the path leads to the root README);
//! and in the README itself, `(see Name)`, `see "Name"` and `](#anchor)`.
//! A name matches a heading when it is the heading's text (code marks removed, any case),
//! or that text without a trailing parenthesis: "Backend API" names "Backend API (`/v1`)".

use std::path::{Path, PathBuf};

#[derive(Debug, PartialEq)]
enum Reference {
    /// A section named by its heading's text.
    Name(String),
    /// A section named by its GitHub anchor.
    Anchor(String),
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().canonicalize().unwrap()
}

/// The headings of a Markdown text, outside fenced code blocks (where `# comment` is code).
fn headings(markdown: &str) -> Vec<String> {
    let mut in_code = false;
    let mut found = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        let level = line.bytes().take_while(|b| *b == b'#').count();
        if !in_code && (1..=6).contains(&level) && line[level..].starts_with(' ') {
            found.push(line[level..].trim().to_string());
        }
    }
    found
}

fn plain(text: &str) -> String {
    text.replace('`', "").trim().to_lowercase()
}

/// GitHub's anchor for a heading: lower case, spaces to hyphens, other punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn exists(reference: &Reference, headings: &[String]) -> bool {
    match reference {
        Reference::Anchor(a) => headings.iter().any(|h| anchor(h) == *a),
        Reference::Name(n) => {
            let name = plain(n);
            headings.iter().map(|h| plain(h)).any(|h| h == name || h.starts_with(&format!("{name} (")))
        }
    }
}

/// A name in quotes that starts `text`, its lines joined (a comment may wrap it).
fn quoted(text: &str) -> Option<String> {
    let rest = text.strip_prefix('"')?;
    let end = rest.find('"').filter(|e| *e <= 100)?;
    let lines: Vec<&str> = rest[..end].lines().map(|l| l.trim().trim_start_matches(['/', '!', '*', '#']).trim()).collect();
    Some(lines.join(" "))
}

/// An unquoted name that starts `text`: the words up to " section", or the capitalised words
/// up to the first other character ("see the README's Limits and security)").
fn unquoted(text: &str) -> Option<String> {
    let run: String = text.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-').collect();
    let words: Vec<&str> = run.split(' ').collect();
    if let Some(i) = words.iter().position(|w| *w == "section") {
        return (i > 0).then(|| words[..i].join(" "));
    }
    run.starts_with(|c: char| c.is_ascii_uppercase()).then(|| run.trim().to_string())
}

/// The README sections `text` (a file at `file`) names.
fn references_in(text: &str, file: &Path, readme: &Path) -> Vec<Reference> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices("README") {
        let after = &text[i + "README".len()..];
        if let Some(link) = after.strip_prefix(".md#") {
            // The path before `README.md` decides which README it is.
            let start = text[..i].rfind(|c: char| c.is_whitespace() || "([<\"'`".contains(c)).map_or(0, |s| s + 1);
            let target = file.parent().unwrap().join(format!("{}README.md", &text[start..i]));
            if target.canonicalize().ok().as_deref() == Some(readme) {
                found.push(Reference::Anchor(link.chars().take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_').collect()));
            }
            continue;
        }
        if after.starts_with(".md") {
            continue;
        }
        let rest = after.strip_prefix("'s").or_else(|| after.strip_prefix(',')).unwrap_or(after);
        let rest = rest.trim_start_matches([' ', '\t', '\r', '\n', '/', '!', '*', '#']);
        if let Some(name) = quoted(rest).or_else(|| unquoted(rest)) {
            found.push(Reference::Name(name));
        }
    }
    found
}

/// The README's references to its own sections.
fn references_in_readme(text: &str) -> Vec<Reference> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut found = Vec::new();
    for (i, _) in text.match_indices("see ") {
        let rest = &text[i + "see ".len()..];
        let name = quoted(rest).or_else(|| (text[..i].ends_with('(')).then(|| unquoted(rest)).flatten().filter(|n| !n.is_empty()));
        found.extend(name.map(Reference::Name));
    }
    for (i, _) in text.match_indices("](#") {
        let rest = &text[i + "](#".len()..];
        found.push(Reference::Anchor(rest.chars().take_while(|c| *c != ')').collect()));
    }
    found
}

/// The repository's own text files: not build output, dependencies, fuzzing corpora or lock files.
fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    const SKIPPED: &[&str] =
        &[".git", "target", "node_modules", "pkg", "dist", ".venv", "corpus", "artifacts", "coverage", "Cargo.lock", "package-lock.json"];
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() || SKIPPED.contains(&entry.file_name().to_string_lossy().as_ref()) {
            continue;
        }
        if kind.is_dir() {
            text_files(&entry.path(), out);
        } else if entry.metadata().is_ok_and(|m| m.len() < 1 << 20) {
            out.push(entry.path());
        }
    }
}

#[test]
fn every_readme_section_the_code_and_docs_name_exists() {
    let root = root();
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let headings = headings(&readme);
    // This file shows the patterns it looks for.
    let this_file = root.join("emulator/tests/readme.rs");

    let mut files = Vec::new();
    text_files(&root, &mut files);
    let mut checked = 0;
    let mut missing = Vec::new();
    for file in files {
        if file == readme_path || file == this_file {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else { continue }; // not text (images)
        for reference in references_in(&text, &file, &readme_path) {
            checked += 1;
            if !exists(&reference, &headings) {
                missing.push(format!("{}: {reference:?}", file.strip_prefix(&root).unwrap().display()));
            }
        }
    }
    for reference in references_in_readme(&readme) {
        checked += 1;
        if !exists(&reference, &headings) {
            missing.push(format!("README.md: {reference:?}"));
        }
    }
    println!("README references: {checked} checked against {} headings, {} missing", headings.len(), missing.len());
    assert!(missing.is_empty(), "these name a README section that does not exist (headings: {headings:?}):\n{}", missing.join("\n"));
    // The limits' own comment and docs/protocol.md name sections; finding none means the
    // patterns broke, not that all is well.
    assert!(checked >= 10, "only {checked} references found");
}

#[test]
fn the_patterns_find_each_form_of_reference() {
    let readme = root().join("README.md");
    let here = root().join("emulator/core/src/limits.rs");
    let names = |text: &str| references_in(text, &here, &readme);
    let name = |n: &str| vec![Reference::Name(n.into())];
    assert_eq!(names(r#"//! The README's "Limits and security" section"#), name("Limits and security"));
    assert_eq!(names("//! The README's \"Limits\n//! and security\" section"), name("Limits and security"));
    assert_eq!(names(r#"(README, "Size")"#), name("Size"));
    assert_eq!(names(r#"see README "Size"."#), name("Size"));
    assert_eq!(names("(see the README's Limits and security)"), name("Limits and security"));
    assert_eq!(names("# and the README's performance section."), name("performance"));
    assert_eq!(names("[limits](../../../README.md#limits-and-security)"), vec![Reference::Anchor("limits-and-security".into())]);
    // Not section names: a file, another README, the test command, the section the bench writes.
    assert!(names(r#"readme = "README.md"; pkg/web/README.md; [x](../../protocol/README.md#x)"#).is_empty());
    assert!(names("# The README test command runs the same tests").is_empty());
    assert!(names("and regenerates the README section between the markers").is_empty());

    let inside = references_in_readme(
        "hardened (see Limits and security, and the\nreliability suite); see \"How the wasm is loaded\"; [up](#quick-start)",
    );
    assert_eq!(
        inside,
        vec![
            Reference::Name("Limits and security".into()),
            Reference::Name("How the wasm is loaded".into()),
            Reference::Anchor("quick-start".into())
        ]
    );

    let headings =
        vec!["Backend API (`/v1`)".to_string(), "Limits and security".to_string(), "`wasm-pack test` against the emulator".to_string()];
    assert!(exists(&Reference::Name("Backend API".into()), &headings));
    assert!(exists(&Reference::Name("limits and Security".into()), &headings));
    assert!(exists(&Reference::Anchor("wasm-pack-test-against-the-emulator".into()), &headings));
    assert!(exists(&Reference::Anchor("backend-api-v1".into()), &headings));
    assert!(!exists(&Reference::Name("Backend".into()), &headings));
    assert!(!exists(&Reference::Name("Size".into()), &headings));
}
