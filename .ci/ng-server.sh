#!/usr/bin/env bash
# CI step: build the Flask-Restless-NG real-server venv (test/server/ng/setup.sh),
# run the datamodel package's tests and the NG apps' datamodel checks (pytest),
# and check the reference app against the recorded protocol
# (test/server/ng/verify.py, docs/protocol/jsonapi/). Needs python3 3.11 and PyPI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ng="$root/test/server/ng"
package="$root/python/flask-restless-rx-datamodel"
"$ng/setup.sh"
# The package's own tests run on its sources (the venv holds an installed copy).
(cd "$package" && PYTHONPATH=src "$ng/.venv/bin/python" -m pytest -q -p no:cacheprovider tests)
(cd "$ng" && "$ng/.venv/bin/python" -m pytest -q -p no:cacheprovider test_datamodel_parity.py)
(cd "$ng" && "$ng/.venv/bin/python" verify.py)
