#!/usr/bin/env bash
# The whole test suite: formatting, lints, and every test (peer tools included).
set -euo pipefail
cd "$(dirname "$0")/.."
# fmt and clippy ship with rustup's default profile; add them if this toolchain lacks them.
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
# Peer tools install (pip, npm) while fmt and clippy compile; the tests wait for them.
mkdir -p target
bash scripts/install-peers.sh > target/install-peers.log 2>&1 &
peers=$!
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
# What `cargo install shipshape` would get (issue 19): every published crate packages, and the
# binary's crate ships its sources, licences, README and changelog, and no tests or docs.
for crate in crates/*/; do
  [ "$crate" = crates/shipshape-fuzz/ ] || cargo package --list --allow-dirty --quiet -p "$(basename "$crate")" >/dev/null
done
files=$(cargo package --list --allow-dirty --quiet -p shipshape)
for f in README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE Cargo.lock src/main.rs; do
  grep -qx "$f" <<<"$files" || { echo "cargo package -p shipshape lacks $f"; exit 1; }
done
if grep -qE '^(tests|crates|docs|scripts)/' <<<"$files"; then echo "cargo package -p shipshape ships more than the binary"; exit 1; fi
wait "$peers" || { cat target/install-peers.log; exit 1; }
venv=$(tail -n 1 target/install-peers.log)
export HADOLINT="$PWD/$venv/bin/hadolint"
export ACTIONLINT="$PWD/$venv/bin/actionlint"
export ZIZMOR="$PWD/$venv/bin/zizmor"
export DCLINT="$PWD/$venv/node/node_modules/.bin/dclint"
export CHECKOV="$PWD/$venv/bin/checkov"
export YAMLLINT="$PWD/$venv/bin/yamllint"
export KUBERNETES_VALIDATE="$PWD/$venv/bin/kubernetes-validate"
export SHELLCHECK="$PWD/$venv/bin/shellcheck"
export DETECT_SECRETS="$PWD/$venv-ds/bin/detect-secrets"
export CHECK_JSONSCHEMA="$PWD/$venv-cj/bin/check-jsonschema"
export SHIPSHAPE_PYTHON="$PWD/$venv/bin/python"
export SHIPSHAPE_CLIENT_PYTHON="$PWD/$venv-clients/bin/python"
# Differential run against the peers (issue 13 §5), short seeded form: it fails on any disagreement
# that no verdict (scripts/differential/verdicts) explains.
bash scripts/differential.sh --quick --top 5 --fail-on-unexplained
# The schema rules (DC040, GHA073, GL028; issue 18) against check-jsonschema on the same vendored
# schemas over the whole corpus: no schema error on a file check-jsonschema accepts.
python3 scripts/schema-agreement.py --shipshape target/release/shipshape
cargo test --all-targets --quiet
# Fuzzing (crates/shipshape-fuzz, issue 12): `cargo test` above replays every regression input;
# the seeded run mutates the corpus, the rules' examples and the regressions (80,000 inputs, about
# 2 minutes on 2 cores) and fails on any panic, timeout, memory blow-up, unparsable output, diff
# that does not apply, fix that is not idempotent or secret shown.
bash scripts/fuzz.sh
