#!/usr/bin/env python3
"""Regenerate the data tables shipshape embeds, from ../shared/data (dated snapshots).

    python3 scripts/gen-data.py [SHARED_DATA_DIR]

Writes crates/shipshape-core/data/*.tsv. Each output keeps the snapshot date of its source.
"""
import csv, os, sys
from collections import OrderedDict

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
out = os.path.join(root, "crates", "shipshape-core", "data")
os.makedirs(out, exist_ok=True)

def rows(name):
    with open(os.path.join(src, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))

# Published tags of official images (and distroless): one line per image.
tags = OrderedDict()
dates = set()
for r in rows("base-images.tsv"):
    tags.setdefault(r["image"], []).append(r["tag"])
    dates.add(r["snapshot_date"])
with open(os.path.join(out, "base-images.tsv"), "w", encoding="utf-8") as f:
    f.write("# image<TAB>published tags (space-separated). Source: shared/data/base-images.tsv, snapshot %s.\n" % max(dates))
    for image, ts in tags.items():
        f.write("%s\t%s\n" % (image, " ".join(ts)))

# Deprecated official images. nextcloud's page is a maintenance notice, not a deprecation: left out.
NOT_DEPRECATED = {"nextcloud"}
with open(os.path.join(out, "base-images-deprecated.tsv"), "w", encoding="utf-8") as f:
    f.write("# image<TAB>snapshot date<TAB>evidence. Source: shared/data/base-images-deprecated.tsv.\n")
    for r in rows("base-images-deprecated.tsv"):
        if r["image"] in NOT_DEPRECATED:
            continue
        f.write("%s\t%s\t%s\n" % (r["image"], r["snapshot_date"], r["evidence"]))

# GitHub Actions: newest major, runtime per major and deprecated majors of each action repository.
with open(os.path.join(out, "actions-latest.tsv"), "w", encoding="utf-8") as f:
    f.write("# action<TAB>latest_major<TAB>latest_tag<TAB>runtime_by_major<TAB>deprecated_majors<TAB>snapshot_date. Source: shared/data/github-actions-latest.tsv.\n")
    for r in rows("github-actions-latest.tsv"):
        if not r["latest_major"]:
            continue
        f.write("\t".join([r["action"].lower(), r["latest_major"], r["latest_tag"], r["runtime_by_major"], r["deprecated_majors"], r["snapshot_date"]]) + "\n")

# Every version tag of those repositories with its commit, for SHA pins and their `# vX` comments.
with open(os.path.join(out, "actions-refs.tsv"), "w", encoding="utf-8") as f:
    f.write("# action<TAB>tag<TAB>commit. Source: shared/data/github-actions-refs.tsv.\n")
    for r in rows("github-actions-refs.tsv"):
        f.write("\t".join([r["action"].lower(), r["tag"], r["commit_sha"]]) + "\n")
