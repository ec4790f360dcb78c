//! Never break: manifests with a byte order mark or old Mac line endings are found and audited like
//! any other, and alias bombs are a parse error found fast instead of minutes of rules.
#![allow(clippy::unwrap_used)]

use shipshape_core::classify::{FileKind, classify};
use shipshape_core::engine::FixMode;
use shipshape_core::testkit::{File, check};
use shipshape_kubernetes::KubernetesChecker;
use std::path::Path;
use std::time::{Duration, Instant};

/// `(code, span)` of every finding on `src` as a file called `name`, or `None` when the file is not
/// classified as a manifest (and so never audited).
fn audit(name: &str, src: &str) -> Option<Vec<(&'static str, usize, usize)>> {
    if classify(Path::new(name), src, false) != FileKind::Kubernetes {
        return None;
    }
    let report = check(
        &KubernetesChecker::default(),
        File::new(FileKind::Kubernetes, name),
        src,
        &["ALL"],
        FixMode::Off,
    );
    Some(
        report
            .findings
            .iter()
            .map(|f| (f.diagnostic.rule.code, f.diagnostic.span.start, f.diagnostic.span.end))
            .collect(),
    )
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      privileged: true\n";

#[test]
fn a_byte_order_mark_or_lone_cr_line_endings_do_not_hide_a_manifest() {
    let plain = audit("deploy/pod.yaml", POD).unwrap();
    assert!(plain.iter().any(|(c, s, e)| *c == "K8S003" && &POD[*s..*e] == "true"), "{plain:?}");
    // A BOM moves every span by its three bytes and changes nothing else.
    let bom = format!("\u{feff}{POD}");
    let found = audit("deploy/pod.yaml", &bom).expect("a manifest with a BOM is audited");
    let shifted: Vec<_> = plain.iter().map(|&(c, s, e)| (c, s + 3, e + 3)).collect();
    assert_eq!(found, shifted);
    // A lone CR is a line break as long as LF: the same findings at the same bytes.
    for text in [POD.replace('\n', "\r"), POD.replace('\n', "\r\n").replacen("\r\n", "\r", 3)] {
        let found = audit("deploy/pod.yaml", &text).expect("a manifest with CR line endings is audited");
        if text.contains("\r\n") {
            assert_eq!(
                found.iter().map(|f| f.0).collect::<Vec<_>>(),
                plain.iter().map(|f| f.0).collect::<Vec<_>>()
            );
        } else {
            assert_eq!(found, plain);
        }
    }
    // A template with CR line endings is still recognised as one, not audited as a manifest.
    let template = POD.replace("name: p", "name: {{ .Release.Name }}").replace('\n', "\r");
    let report = check(
        &KubernetesChecker::default(),
        File::new(FileKind::Kubernetes, "pod.yaml"),
        &template,
        &["ALL"],
        FixMode::Off,
    );
    let codes: Vec<_> = report.findings.iter().map(|f| f.diagnostic.rule.code).collect();
    assert_eq!(codes, ["K8S002"]);
}

/// `POD` with `anchors` under its labels and `uses` added to its container.
fn with_anchors(anchors: &str, uses: &str) -> String {
    POD.replace("metadata:\n", &format!("metadata:\n  labels:\n{anchors}"))
        .replace("    image: nginx:1.27\n", &format!("    image: nginx:1.27\n{uses}"))
}

fn audit_fast(src: &str) -> Vec<(&'static str, usize, usize)> {
    let started = Instant::now();
    let found = audit("pod.yaml", src).unwrap();
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    found
}

#[test]
fn alias_bombs_are_a_parse_error_at_the_alias_found_fast() {
    // A billion laughs.
    let mut laughs = String::from("    a0: &a0 \"lol\"\n");
    for i in 1..9 {
        laughs.push_str(&format!("    a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 9].join(",")));
    }
    let src = with_anchors(&laughs, "    args: *a8\n");
    let found = audit_fast(&src);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, &src[found[0].1..found[0].2]), ("K8S000", "*a6"));
    // Merge keys nested twelve deep, each merging the one before nine times.
    let mut merges = String::from("    m0: &m0 {k0: v}\n");
    for i in 1..=12 {
        merges.push_str(&format!(
            "    m{i}: &m{i} {{<<: [{}], k{i}: v}}\n",
            vec![format!("*m{}", i - 1); 9].join(", ")
        ));
    }
    let src = with_anchors(&merges, "    <<: *m12\n");
    let found = audit_fast(&src);
    assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), ["K8S000"]);
    // One container of 2,000 keys aliased 50,000 times: a 1 MB file that is 10^8 nodes to the rules.
    let mut big = String::from("spec:\n  containers:\n  - &c\n    name: c\n    image: nginx:1.27\n");
    for i in 0..2_000 {
        big.push_str(&format!("    x{i}: v\n"));
    }
    big.push_str(&"  - *c\n".repeat(50_000));
    let src = POD.split("spec:\n").next().unwrap().to_owned() + &big;
    let found = audit_fast(&src);
    assert_eq!(found.iter().map(|f| (f.0, &src[f.1..f.2])).collect::<Vec<_>>(), [("K8S000", "*c")]);
}

#[test]
fn anchors_of_ordinary_size_are_audited() {
    let anchors = "    x: &sc\n      privileged: true\n      allowPrivilegeEscalation: true\n";
    let src = POD.replace("    securityContext:\n      privileged: true\n", "    securityContext: *sc\n");
    let src = src.replace("metadata:\n", &format!("metadata:\n  labels:\n{anchors}"));
    let found = audit_fast(&src);
    assert!(found.iter().all(|f| f.0 != "K8S000"), "{found:?}");
    assert!(found.iter().any(|f| f.0 == "K8S003"), "{found:?}");
}

#[cfg(unix)]
#[test]
fn hostile_sibling_manifests_give_nothing_and_block_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pod = dir.path().join("pod.yaml");
    std::fs::write(&pod, POD).unwrap();
    let run = || {
        let file = File::at(FileKind::Kubernetes, &pod);
        let started = Instant::now();
        let report = check(&KubernetesChecker::default(), file, POD, &["ALL"], FixMode::Off);
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        report
            .findings
            .iter()
            .map(|f| (f.diagnostic.rule.code, f.diagnostic.span))
            .collect::<Vec<_>>()
    };
    let alone = run();
    // A FIFO (opening it blocks), a merge bomb and a binary file beside it.
    let fifo = dir.path().join("fifo.yaml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let mut merges = String::from("x:\n  m0: &m0 {k0: v}\n");
    for i in 1..=12 {
        merges.push_str(&format!(
            "  m{i}: &m{i} {{<<: [{}], k{i}: v}}\n",
            vec![format!("*m{}", i - 1); 9].join(", ")
        ));
    }
    let bomb = format!("{merges}apiVersion: v1\nkind: Service\nmetadata:\n  <<: *m12\n  name: s\nspec:\n  selector:\n    <<: *m12\n");
    std::fs::write(dir.path().join("bomb.yaml"), bomb).unwrap();
    std::fs::write(dir.path().join("binary.yaml"), b"\0\0\0apiVersion: v1\n").unwrap();
    assert_eq!(run(), alone);
}
