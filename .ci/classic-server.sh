#!/usr/bin/env bash
# CI step: build the classic real-server venv (test/server/setup.sh) and check
# app.py against the recorded protocol (test/server/verify.py). Needs python3
# 3.11 and PyPI; the recordings are looked up in ../shared/protocol/classic
# next to the checkout unless CLASSIC_PROTOCOL_DIR points at them.
# A cache of test/server/.venv keyed on test/server/requirements.txt makes
# setup.sh a no-op.
set -euo pipefail
server="$(cd "$(dirname "${BASH_SOURCE[0]}")/../test/server" && pwd)"
"$server/setup.sh"
"$server/.venv/bin/python" "$server/verify.py"
