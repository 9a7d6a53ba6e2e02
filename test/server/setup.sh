#!/usr/bin/env bash
# Creates test/server/.venv with the pinned classic server stack.
#
# Idempotent: does nothing while .venv/.requirements.sha256 matches
# requirements.txt; otherwise rebuilds the venv from scratch. Silent on
# success. Needs python3 (3.11) and access to PyPI.
#
# --no-deps: cereal-lazer 0.1.6 pins msgpack==0.6.1 but the recordings ran
# msgpack 1.0.3, so requirements.txt lists every distribution itself.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
stamp="$venv/.requirements.sha256"
lock="$here/.venv.lock"

wanted="$(python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$here/requirements.txt")"

is_current() {
  [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]
}

is_current && exit 0

# Test workers may call this at the same time: one builds, the others wait.
# A lock left by a killed run (its pid gone) is taken over.
until mkdir "$lock" 2>/dev/null; do
  holder="$(cat "$lock/pid" 2>/dev/null || true)"
  if [[ -n "$holder" ]] && ! kill -0 "$holder" 2>/dev/null; then
    rm -rf "$lock"
    continue
  fi
  sleep 0.5
done
echo "$$" > "$lock/pid"
trap 'rm -rf "$lock"' EXIT

is_current && exit 0

rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps \
  -r "$here/requirements.txt"
# Prove the stack imports (and the app's modules with it) before stamping.
(cd "$here" && "$venv/bin/python" -c 'import app')
echo "$wanted" > "$stamp"
