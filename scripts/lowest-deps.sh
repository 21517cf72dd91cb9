#!/usr/bin/env bash
# Install the package with the LOWEST versions pyproject.toml allows for its direct
# dependencies (runtime and test extras; what they pull in comes at its newest) in a fresh
# virtual environment, print them, and run the fast tests there. A lower bound that the code
# has outgrown fails here instead of on a user's machine.
#
# uv comes from PyPI into the throwaway environment; nothing outside it is changed.
# Usage: scripts/lowest-deps.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python}
venv=$(mktemp -d "${TMPDIR:-/tmp}/selfreview-lowest.XXXXXX")
trap 'rm -rf "$venv"' EXIT

"$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check uv
"$venv/bin/uv" pip install -q --python "$venv/bin/python" --resolution lowest-direct -e ".[test]"

echo "lowest allowed versions:"
"$venv/bin/python" - <<'EOF'
import re
import tomllib
from importlib.metadata import version

with open("pyproject.toml", "rb") as handle:
    project = tomllib.load(handle)["project"]
for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
    name = re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)
    print(f"  {name}=={version(name)}")
EOF

# -p no:cacheprovider: the checkout's .pytest_cache belongs to the main run.
"$venv/bin/python" -m pytest -q -m "not slow" -p no:cacheprovider "$@"
