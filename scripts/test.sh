#!/usr/bin/env bash
# The README's test command: the browser tests (tests/test_web_browser.py) drive Debian's
# chromium, so install it when it is missing (as root: apt-get; otherwise through sudo),
# then run the whole pytest suite, its property tests with the thorough hypothesis profile
# (tests/thoroughness.py), with any extra arguments given.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    echo "scripts/test.sh: installing Debian's chromium for the browser tests" >&2
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
exec "${PYTHON:-python}" -m pytest --hypothesis-profile=thorough "$@"
