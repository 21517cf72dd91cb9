#!/usr/bin/env bash
# The README's offline install, end to end: on this (connected) machine build the wheel and
# `pip download` it with every dependency into a folder; then, as on a closed machine, make a
# fresh virtual environment, `pip install --no-index --find-links` from that folder alone,
# and draft the sample notes offline with the model libraries made unimportable (the offline
# path must not need them). Where `unshare -rn` works, the install and the draft run with no
# network at all.
#
# Needs the network for the download step only. Usage: scripts/offline-install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python}
work=$(mktemp -d "${TMPDIR:-/tmp}/selfreview-offline.XXXXXX")
trap 'rm -rf "$work"' EXIT
pip=("$python" -m pip -q --disable-pip-version-check)
start=$SECONDS

# -- on the connected machine ---------------------------------------------------------------
"${pip[@]}" wheel --no-deps --no-build-isolation -w "$work/dist" .
wheel=$(ls "$work"/dist/selfreview-*.whl)
folder="$work/离线安装包"
"${pip[@]}" download -d "$folder" "$wheel"
# Dependencies published only as source (jieba) become wheels here, so the closed machine
# needs no build tools.
shopt -s nullglob
sources=("$folder"/*.tar.gz "$folder"/*.zip)
if ((${#sources[@]})); then
    "${pip[@]}" wheel --no-deps -w "$folder" "${sources[@]}"
    rm -f "${sources[@]}"
fi
echo "offline folder: $(ls "$folder" | wc -l) files, $(du -sh "$folder" | cut -f1)" \
    "(downloaded in $((SECONDS - start)) s)"

# -- on the closed machine ------------------------------------------------------------------
closed=()
if unshare -rn true 2>/dev/null; then
    closed=(unshare -rn)  # no network interface but loopback
else
    echo "unshare -rn is not available: the install and draft run with the network present" \
        "(pip --no-index does not use it)"
    export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=
fi
"$python" -m venv "$work/venv"
"${closed[@]}" env PIP_CONFIG_FILE=/dev/null "$work/venv/bin/python" -m pip install -q \
    --disable-pip-version-check --no-index --find-links "$folder" selfreview

# The model libraries stay installed (one install), but the offline draft must not import them.
mkdir -p "$work/block" "$work/run"
cat >"$work/block/sitecustomize.py" <<'EOF'
import sys

BLOCKED = ("openai", "langchain_core", "langchain_openai", "httpx", "httpx2", "tiktoken")


class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"the offline path imported {name}")
        return None


sys.meta_path.insert(0, Block())
EOF
cp fixtures/notes/sample-notes.txt "$work/run/笔记.txt"
(
    cd "$work/run"
    "${closed[@]}" env PYTHONPATH="$work/block" "$work/venv/bin/draft" 笔记.txt \
        --org 某市政府党组 --approve-all --allow-placeholders -o 材料.docx
)
test -s "$work/run/材料.docx"
echo "offline install and draft: OK in $((SECONDS - start)) s"
