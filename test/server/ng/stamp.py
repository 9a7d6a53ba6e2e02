"""Prints the sha256 that says whether test/server/ng/.venv is current.

It covers requirements.txt and every file of the datamodel package that is
installed into the venv (python/flask-restless-rx-datamodel: pyproject.toml and
src/), so editing the package rebuilds the venv. Run from the repository root.
"""

import hashlib
import os

FILES = ["test/server/ng/requirements.txt", "python/flask-restless-rx-datamodel/pyproject.toml"]
SOURCES = "python/flask-restless-rx-datamodel/src"


def files():
    found = list(FILES)
    for folder, dirs, names in os.walk(SOURCES):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.endswith(".egg-info"))
        found += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".py")]
    return found


digest = hashlib.sha256()
for path in files():
    digest.update(path.encode() + b"\0")
    with open(path, "rb") as handle:
        digest.update(hashlib.sha256(handle.read()).digest())
print(digest.hexdigest())
