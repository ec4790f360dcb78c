//! The module scope and the calls of the repository are read through the run's source tree: a file
//! that exists only in an `Overlay` (an editor's unsaved buffer, an agent's not-yet-written file),
//! or an overlay's text over a file on disk, is seen, and nothing read in one run is kept for the
//! next.
#![allow(clippy::unwrap_used, clippy::panic)]
// The modules are written to temporary directories on disk, under the overlay.
#![allow(clippy::disallowed_methods)]

use shipshape_core::classify::FileKind;
use shipshape_core::engine::FixMode;
use shipshape_core::testkit::{self, File, check_tree};
use shipshape_core::tree::{Disk, Overlay, SourceTree};
use shipshape_terraform::TerraformChecker;
use std::path::Path;
use std::sync::Arc;

/// The codes found by `checker` (rules `select`) in `src` at `path`, in one run over `tree`.
fn codes(checker: &TerraformChecker, tree: Arc<dyn SourceTree>, path: &Path, src: &str, select: &[&str]) -> Vec<String> {
    let display = path.display().to_string();
    let file = File {
        kind: FileKind::Terraform,
        display: &display,
        path: Some(path.to_path_buf()),
    };
    testkit::codes(&check_tree(tree, checker, file, src, select, FixMode::Off))
}

const SG: &str = "resource \"aws_security_group\" \"s\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [var.open]\n  }\n}\n";

/// TF001 resolves `var.open` through the module's other files: a `variables.tf` only in the overlay
/// gives its default, and one checker run over the disk, then an overlay, then the disk again,
/// answers for each run's own tree (the module scopes belong to the run, not to the checker).
#[test]
fn a_variable_declared_only_in_the_overlay_resolves_and_runs_do_not_share_scopes() {
    for repository in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        if repository {
            std::fs::create_dir(dir.path().join(".git")).unwrap();
        }
        let main = dir.path().join("main.tf");
        std::fs::write(&main, SG).unwrap();
        let checker = TerraformChecker::default();
        let mut overlay = Overlay::new(Arc::new(Disk));
        overlay.insert(
            &dir.path().join("variables.tf"),
            "variable \"open\" {\n  default = \"0.0.0.0/0\"\n}\n",
        );
        let overlay: Arc<dyn SourceTree> = Arc::new(overlay);
        let on = |tree: Arc<dyn SourceTree>, path: &Path| codes(&checker, tree, path, SG, &["TF001"]);
        assert!(on(Arc::new(Disk), &main).is_empty(), "repository: {repository}");
        assert_eq!(on(overlay.clone(), &main), ["TF001"], "repository: {repository}");
        assert!(on(Arc::new(Disk), &main).is_empty(), "repository: {repository}");
        // The checked file itself may be one the overlay holds only.
        assert_eq!(on(overlay, &dir.path().join("unsaved.tf")), ["TF001"], "repository: {repository}");
    }
}

/// A module's inputs come from the calls of the repository: a caller's unsaved text in the overlay
/// is the call that counts.
#[test]
fn a_module_call_is_read_from_the_overlay() {
    let repo = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = repo.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    write(
        "modules/sg/variables.tf",
        "variable \"open\" {\n  type    = string\n  default = \"10.0.0.0/8\"\n}\n",
    );
    write("modules/sg/main.tf", SG);
    let call = |cidr: &str| format!("module \"sg\" {{\n  source = \"./modules/sg\"\n  open   = \"{cidr}\"\n}}\n");
    write("main.tf", &call("10.0.0.0/8"));
    let path = repo.path().join("modules/sg/main.tf");
    let checker = TerraformChecker::default();
    assert!(codes(&checker, Arc::new(Disk), &path, SG, &["TF001"]).is_empty());
    let mut overlay = Overlay::new(Arc::new(Disk));
    overlay.insert(&repo.path().join("main.tf"), call("0.0.0.0/0"));
    assert_eq!(codes(&checker, Arc::new(overlay), &path, SG, &["TF001"]), ["TF001"]);
}
