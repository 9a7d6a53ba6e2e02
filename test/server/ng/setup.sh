#!/usr/bin/env bash
# Creates test/server/ng/.venv with the pinned Flask-Restless-NG 3.3.0 stack and
# the datamodel package (python/flask-restless-rx-datamodel) installed from this
# checkout.
#
# Idempotent: does nothing while .venv/.requirements.sha256 matches
# requirements.txt and the package's sources; otherwise rebuilds the venv from
# scratch. Silent on success. Needs python3 (3.11) and access to PyPI.
#
# A separate venv from test/server/.venv: Flask-Restless 0.17 and NG both
# import as `flask_restless`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="$(cd "$here/../../../python/flask-restless-rx-datamodel" && pwd)"
venv="$here/.venv"
stamp="$venv/.requirements.sha256"
lock="$here/.venv.lock"

wanted="$(cd "$here/../../.." && python3 test/server/ng/stamp.py)"

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
# A copy, not an editable install: the stamp covers the package's sources.
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps \
  --no-build-isolation "$package"
# Prove the stack imports (and the app's modules with it) before stamping.
(cd "$here" && "$venv/bin/python" -c 'import app; app.contract_app()')
echo "$wanted" > "$stamp"
