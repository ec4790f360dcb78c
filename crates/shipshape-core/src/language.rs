//! One rule type and one checker for every domain. A domain names its file language (its context
//! type, its rules, which files it handles, how it parses one), and [`DomainChecker`] does the rest:
//! the rule list the engine selects from, and the loop that runs the enabled rules.

use crate::classify::FileKind;
use crate::engine::{CheckContext, Checked, Checker, SourceFile};
use crate::{Diagnostic, RuleMeta};
use std::marker::PhantomData;

/// A domain's file language.
pub trait Language: Sized + Send + Sync + 'static {
    /// What a rule sees of one file (its parsed model, the project around it).
    type Ctx<'a>;
    /// The domain's rules.
    fn rules() -> &'static [&'static Rule<Self>];
    /// Findings the domain reports itself, outside its rules (parse errors): listed, selected and
    /// suppressed like rules.
    fn own_rules() -> &'static [&'static RuleMeta] {
        &[]
    }
    /// Whether the domain checks files of this kind.
    fn handles(kind: FileKind) -> bool;
    /// Whether it also reads every other text file (secret detection).
    fn scans_all_text() -> bool {
        false
    }
    /// Parse `file` and, when it can be checked, build its context and [`run_rules`] over it.
    fn check(file: &SourceFile, core: &CheckContext) -> Checked;
}

/// A rule: its metadata and its check over the domain's context.
pub struct Rule<L: Language> {
    pub meta: RuleMeta,
    pub check: for<'a, 'b, 'c> fn(&'b L::Ctx<'a>, &'c mut Vec<Diagnostic>),
}

/// Run every enabled rule of `L` over `cx`.
pub fn run_rules<L: Language>(cx: &L::Ctx<'_>, core: &CheckContext, out: &mut Vec<Diagnostic>) {
    run_rules_where::<L>(cx, core, out, |_| true);
}

/// Run the enabled rules of `L` that `applies` keeps (Terraform's `.tfvars` rules) over `cx`.
pub fn run_rules_where<L: Language>(cx: &L::Ctx<'_>, core: &CheckContext, out: &mut Vec<Diagnostic>, applies: impl Fn(&RuleMeta) -> bool) {
    for rule in L::rules() {
        if applies(&rule.meta) && core.enabled(&rule.meta) {
            (rule.check)(cx, out);
        }
    }
}

/// The checker of a domain: every domain's, through its [`Language`].
pub struct DomainChecker<L: Language> {
    metas: Vec<&'static RuleMeta>,
    language: PhantomData<fn() -> L>,
}

impl<L: Language> Default for DomainChecker<L> {
    fn default() -> Self {
        let mut metas: Vec<&'static RuleMeta> = L::rules().iter().map(|r| &r.meta).collect();
        metas.extend(L::own_rules().iter().copied());
        Self {
            metas,
            language: PhantomData,
        }
    }
}

impl<L: Language> Checker for DomainChecker<L> {
    fn handles(&self, kind: FileKind) -> bool {
        L::handles(kind)
    }

    fn scans_all_text(&self) -> bool {
        L::scans_all_text()
    }

    fn rules(&self) -> &[&'static RuleMeta] {
        &self.metas
    }

    fn check(&self, file: &SourceFile, core: &CheckContext) -> Checked {
        L::check(file, core)
    }
}
