#!/usr/bin/env bash
# Regenerate docs/first-page.png: the first page of the DOCX drafted from the bundled sample
# with the recorded responses, as LibreOffice renders it.
#
#   bash scripts/first-page.sh
#
# Needs soffice (LibreOffice), pdftoppm (poppler-utils) and CJK fonts, mapped as
# scripts/render-sample.sh says (a private fontconfig file; nothing on the machine is changed).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source scripts/render-sample.sh

render_sample "$work"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/示例.pdf" "$work/first-page"
cp "$work/first-page.png" docs/first-page.png
echo "docs/first-page.png: $(wc -c < docs/first-page.png) bytes"
