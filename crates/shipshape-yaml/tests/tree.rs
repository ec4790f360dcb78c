//! The spanned tree: spans, anchors, merge keys, duplicates, limits and hostile input.
#![allow(clippy::unwrap_used)]

use shipshape_yaml::{Yaml, patch};

fn text(src: &str, span: shipshape_core::Span) -> &str {
    span.text(src)
}

#[test]
fn spans_are_exact() {
    let src = "# c\non: push  # x\njobs:\n  build:\n    runs-on: \"ubuntu-latest\"\n    steps:\n      - run: |\n          echo hi\n\n      - uses: actions/checkout@v4\n        with: {fetch-depth: 0}\n";
    let y = Yaml::parse(src);
    assert!(y.errors.is_empty(), "{:?}", y.errors);
    let root = y.docs[0].root().unwrap();
    assert_eq!(text(src, root.get("on").unwrap().span()), "push");
    let build = root.get("jobs").unwrap().get("build").unwrap();
    assert_eq!(text(src, build.get("runs-on").unwrap().span()), "\"ubuntu-latest\"");
    assert_eq!(build.get("runs-on").unwrap().as_str(), Some("ubuntu-latest"));
    assert_eq!(text(src, build.key_span("runs-on")), "runs-on");
    let steps = build.get("steps").unwrap().items();
    assert_eq!(text(src, steps[0].get("run").unwrap().span()), "echo hi");
    assert_eq!(steps[0].get("run").unwrap().as_str(), Some("echo hi\n"));
    let with = steps[1].get("with").unwrap();
    assert_eq!(text(src, with.span()), "{fetch-depth: 0}");
    assert_eq!(with.get("fetch-depth").unwrap().as_f64(), Some(0.0));
    assert!(text(src, build.span()).starts_with("runs-on") && text(src, build.span()).ends_with("{fetch-depth: 0}"));
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let src = "base: &b\n  image: node:22\n  stage: test\njob:\n  <<: *b\n  stage: build\nmulti:\n  <<: [*b, {extra: 1}]\nlist: &l [1, 2]\nref: *l\n";
    let y = Yaml::parse(src);
    let root = y.docs[0].root().unwrap();
    let job = root.get("job").unwrap();
    assert_eq!(job.get("stage").unwrap().as_str(), Some("build"));
    assert_eq!(job.get("image").unwrap().as_str(), Some("node:22"));
    let keys: Vec<_> = job.entries().iter().map(|(k, _)| k.as_str().unwrap()).collect();
    assert_eq!(keys, ["stage", "image"]);
    assert_eq!(root.get("multi").unwrap().get("extra").unwrap().as_f64(), Some(1.0));
    assert_eq!(root.get("ref").unwrap().items().len(), 2);
    assert!(y.duplicates.is_empty());
}

#[test]
fn duplicate_keys_are_reported() {
    let src = "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n";
    let y = Yaml::parse(src);
    let d: Vec<_> = y.duplicates.iter().map(|d| (d.key.as_str(), text(src, d.second))).collect();
    assert_eq!(d.len(), 2);
    assert!(d.contains(&("c", "c")) && d.contains(&("a", "a")));
    assert_eq!(y.duplicates.iter().find(|d| d.key == "a").unwrap().second.start, 22);
}

#[test]
fn multi_document_crlf_bom_and_unicode() {
    let src = "\u{feff}kind: A\r\nname: é\r\n---\r\nkind: B\r\n";
    let y = Yaml::parse(src);
    assert_eq!(y.docs.len(), 2);
    let b = y.docs[1].root().unwrap().get("kind").unwrap();
    assert_eq!(text(src, b.span()), "B");
    assert_eq!(text(src, y.docs[0].root().unwrap().get("name").unwrap().span()), "é");
}

#[test]
fn errors_have_locations_and_earlier_documents_survive() {
    let src = "a: 1\n---\nb: [1, 2\n";
    let y = Yaml::parse(src);
    assert_eq!(y.docs.len(), 1);
    assert_eq!(y.errors.len(), 1);
    assert!(y.errors[0].span.start > 8, "{:?}", y.errors);
    let tabs = "a:\n\tb: 1\n";
    assert_eq!(Yaml::parse(tabs).errors.len(), 1);
}

#[test]
fn alias_bombs_and_deep_nesting_are_bounded() {
    // A billion laughs: each line a list of ten aliases of the line before.
    let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..40 {
        src.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
            p = i - 1
        ));
    }
    let started = std::time::Instant::now();
    let y = Yaml::parse(&src);
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    // The error is at the alias that takes the expansion past the budget: the eighth of line `a5`,
    // each adding the 111,110 nodes `a4` adds to itself expanded.
    assert_eq!(y.errors.len(), 1, "{:?}", y.errors);
    let at = y.errors[0].span;
    assert_eq!(text(&src, at), "*a4");
    let line = src[..at.start].rsplit('\n').next().unwrap();
    assert!(line.starts_with("a5: &a5 [") && line.matches("*a4").count() == 7, "{line}");
    assert!(y.errors[0].message.contains("alias"), "{}", y.errors[0].message);
    // Just under the budget, a walk through the aliases stops at its own budget.
    let mut src: String = src.lines().take(5).map(|l| format!("{l}\n")).collect();
    src.push_str("b: [*a4, *a4, *a4, *a4, *a4, *a4, *a4]\n");
    let y = Yaml::parse(&src);
    assert!(y.errors.is_empty(), "{:?}", y.errors);
    let mut n = 0usize;
    y.docs[0].root().unwrap().walk(&mut |_| n += 1);
    assert_eq!(n, shipshape_yaml::WALK_BUDGET);
    // Aliases of a large mapping, one by one: 2,000 aliases of 1,000 entries is 4 million nodes.
    let mut src = String::from("big: &big\n");
    for i in 0..1_000 {
        src.push_str(&format!("  k{i}: v\n"));
    }
    src.push_str("refs:\n");
    for _ in 0..2_000 {
        src.push_str("  - *big\n");
    }
    let y = Yaml::parse(&src);
    assert_eq!(y.errors.len(), 1, "{:?}", y.errors);
    assert_eq!(text(&src, y.errors[0].span), "*big");
    // The budget is per stream: documents after the first do not start again.
    let doc = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
    let stream = vec![doc; 2_000].join("---\n");
    let y = Yaml::parse(&stream);
    assert_eq!(y.errors.len(), 1);
    assert!(y.docs.len() < 2_000, "{}", y.docs.len());
    let deep = "[".repeat(100_000);
    let y = Yaml::parse(&deep);
    assert_eq!(y.errors.len(), 1);
    let recursive = "a: &a\n  b: *a\n";
    let y = Yaml::parse(recursive);
    assert!(y.errors.is_empty());
    let mut n = 0usize;
    y.docs[0].root().unwrap().walk(&mut |_| n += 1);
    assert!(n > 0);
}

#[test]
fn insert_entry_keeps_comments_and_indentation() {
    let src = "on: push # trigger\n\njobs:\n  build:\n    runs-on: ubuntu-latest # runner\n";
    let y = Yaml::parse(src);
    let root = y.docs[0].root().unwrap();
    let e = patch::insert_entry(src, root, "permissions", "\ncontents: read", Some("jobs")).unwrap();
    let out = shipshape_core::fix::apply_all(src, &[&shipshape_core::Fix::safe("t", vec![e])]).unwrap();
    assert_eq!(
        out,
        "on: push # trigger\n\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest # runner\n"
    );
    let build = root.get("jobs").unwrap().get("build").unwrap();
    let e = patch::insert_entry(src, build, "timeout-minutes", "30", None).unwrap();
    let out = shipshape_core::fix::apply_all(src, &[&shipshape_core::Fix::safe("t", vec![e])]).unwrap();
    assert!(
        out.ends_with("    runs-on: ubuntu-latest # runner\n    timeout-minutes: 30\n"),
        "{out}"
    );
}

proptest::proptest! {
    #[test]
    fn never_panics(s in "[a-z:\\-\\[\\]{}&*!|>#'\" \n\t,?]{0,200}") {
        let y = Yaml::parse(&s);
        for d in &y.docs {
            if let Some(r) = d.root() {
                r.walk(&mut |n| { let _ = n.span().text(&s); });
            }
        }
    }
}

/// Merge keys nested `levels` deep, each mapping merging the one before nine times: 9^levels
/// entries to read if every merge were followed every time.
fn merge_bomb(levels: usize) -> String {
    let mut src = String::from("m0: &m0 {k0: v}\n");
    for i in 1..=levels {
        let merges = vec![format!("*m{}", i - 1); 9].join(", ");
        src.push_str(&format!("m{i}: &m{i} {{<<: [{merges}], k{i}: v}}\n"));
    }
    src.push_str(&format!("top:\n  <<: *m{levels}\n  own: 1\n"));
    src
}

#[test]
fn merge_key_bombs_are_read_once_per_mapping() {
    // Past the expansion budget, a merge bomb is an error like any alias bomb.
    let y = Yaml::parse(&merge_bomb(12));
    assert_eq!(y.errors.len(), 1, "{:?}", y.errors);
    // Under it (9^5 entries when every merge is followed), each mapping is read once per lookup.
    let src = merge_bomb(5);
    let y = Yaml::parse(&src);
    assert!(y.errors.is_empty(), "{:?}", y.errors);
    let top = y.docs[0].root().unwrap().get("top").unwrap();
    let started = std::time::Instant::now();
    let keys: Vec<_> = top.entries().iter().map(|(k, _)| k.as_str().unwrap()).collect();
    assert_eq!(keys, ["own", "k5", "k4", "k3", "k2", "k1", "k0"]);
    assert_eq!(top.get("k0").unwrap().as_str(), Some("v"));
    assert!(top.get("absent").is_none());
    for _ in 0..1_000 {
        for i in 0..=5 {
            assert!(y.docs[0].root().unwrap().get(&format!("m{i}")).unwrap().get("nothing").is_none());
        }
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
    // Merge order is kept: own keys win, then earlier merges, depth first.
    let src = "a: &a {x: a, <<: {y: a-merged}}\nb: &b {x: b, y: b, z: b}\nc:\n  <<: [*a, *b]\n  x: own\n";
    let y = Yaml::parse(src);
    let c = y.docs[0].root().unwrap().get("c").unwrap();
    let got: Vec<_> = c
        .entries()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap(), v.as_str().unwrap()))
        .collect();
    assert_eq!(got, [("x", "own"), ("y", "a-merged"), ("z", "b")]);
    assert_eq!(c.get("y").unwrap().as_str(), Some("a-merged"));
    // A mapping that merges itself ends.
    let y = Yaml::parse("a: &a {k: 1, <<: *a}\nb: {<<: *a}\n");
    assert_eq!(y.docs[0].root().unwrap().get("b").unwrap().entries().len(), 1);
}

/// A key whose colon lost its space (`command:["sleep", "1"]`) is a plain word the next line
/// continues, so the parser stops a line later: the error points at the colon and says why
/// (openreplay's `pod.yaml`, the forty-ninth sample).
#[test]
fn a_missing_space_after_a_colon_is_named() {
    let src = "spec:\n  containers:\n  - name: a\n    image: busybox:1.37\n    command:[\"sleep\", \"36000\"]\n    ports:\n    - containerPort: 80\n";
    let y = Yaml::parse(src);
    let e = &y.errors[0];
    assert_eq!(&src[e.span.start - "command".len()..e.span.end], "command:", "{e:?}");
    assert!(e.message.starts_with("`command:` has no space after the colon"), "{}", e.message);
    // Other errors keep the parser's place and words; a URL's colon is not a key's.
    let y = Yaml::parse("a: [1, 2\nb: 3\n");
    assert!(!y.errors[0].message.contains("no space after"), "{}", y.errors[0].message);
    let y = Yaml::parse("image: nginx:1.29\n  bad: indent\n");
    assert!(!y.errors.is_empty() && !y.errors[0].message.contains("`image:`"), "{:?}", y.errors);
}

/// Anchors no alias reads (actionlint's "anchor is defined but not used"), at their `&name`.
#[test]
fn unused_anchors() {
    let src = "x-base: &base\n  a: 1\nx-unused: &unused {b: 2}\nlist: [&item one, *item]\ntagged: !!str &tagged v\nuse:\n  <<: *base\n";
    let y = Yaml::parse(src);
    let doc = &y.docs[0];
    let names: Vec<&str> = doc.unused_anchors().iter().map(|s| &src[s.start..s.end]).collect();
    assert_eq!(names, ["&unused", "&tagged"]);
    // Each document has its own anchors.
    let two = Yaml::parse("a: &x 1\n---\nb: &x 2\nc: *x\n");
    assert_eq!(two.docs[0].unused_anchors().len(), 1);
    assert!(two.docs[1].unused_anchors().is_empty());
}

/// A generated CRD (litmus's, the 72nd sample) has a hundred descriptions whose quoted lines sit at
/// the key's column: PyYAML and kubectl read them, and so does the tree, all of them in one pass.
#[test]
fn many_under_indented_quoted_scalars() {
    let mut src = String::from("spec:\n  props:\n");
    for i in 0..100 {
        src.push_str(&format!(
            "    p{i}:\n      description: 'Word {i}: more\n      words, \"x\"\n      end'\n      note: |\n        it's: 'not\n        closed\n      type: \"string\n      y\"\n"
        ));
    }
    let y = Yaml::parse(&src);
    assert!(y.errors.is_empty(), "{:?}", y.errors);
    let props = y.docs[0].root().unwrap().get("spec").unwrap().get("props").unwrap();
    let p99 = props.get("p99").unwrap();
    let d = p99.get("description").unwrap().as_str().unwrap();
    assert_eq!(
        d.split_whitespace().collect::<Vec<_>>(),
        ["Word", "99:", "more", "words,", "\"x\"", "end"]
    );
    // A block scalar's lines are kept as they are.
    assert_eq!(p99.get("note").unwrap().as_str(), Some("it's: 'not\nclosed\n"));
    assert_eq!(
        p99.get("type").unwrap().as_str().unwrap().split_whitespace().collect::<Vec<_>>(),
        ["string", "y"]
    );
    assert_eq!(text(&src, p99.key_span("type")), "type");
}
