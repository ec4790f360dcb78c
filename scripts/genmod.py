#!/usr/bin/env python3
"""Regenerate a domain's rules/mod.rs from its rule files: python3 scripts/genmod.py crates/shipshape-actions"""
import os, re, sys

crate = sys.argv[1]
d = os.path.join(crate, "src", "rules")
mods = sorted(f[:-3] for f in os.listdir(d) if f.endswith(".rs") and f not in ("mod.rs", "support.rs"))
codes = {m: re.search(r'code: "([A-Z][A-Z0-9]*?\d{3})"', open(os.path.join(d, m + ".rs")).read()).group(1) for m in mods}
head = open(os.path.join(d, "mod.rs")).read().split("\n\n")[0]
support = "mod support;\n\n" if os.path.exists(os.path.join(d, "support.rs")) else ""
out = head + "\n\n" + support + "".join(f"pub mod {m};\n" for m in mods)
out += "\n/// All rules, in code order.\npub static ALL: &[&crate::Rule] = &[\n" + "".join(f"    &{m}::RULE,\n" for m in sorted(mods, key=codes.get)) + "];\n"
open(os.path.join(d, "mod.rs"), "w").write(out)
