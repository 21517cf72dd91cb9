#!/usr/bin/env bash
# Regenerate docs/signature-page.png: the last page of the DOCX drafted from the bundled sample
# with the recorded responses and a 落款 (--sign-date), as LibreOffice renders it: the unit
# centred over the date, the date four characters in from the right margin.
#
#   bash scripts/signature-page.sh
#
# Needs soffice (LibreOffice), pdftoppm and pdfinfo (poppler-utils) and CJK fonts, mapped as
# scripts/render-sample.sh says (a private fontconfig file; nothing on the machine is changed).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source scripts/render-sample.sh

render_sample "$work" --sign-unit 中共某市人民政府党组 --sign-date 2026-01-06
last="$(pdfinfo "$work/示例.pdf" | awk '/^Pages:/ {print $2}')"
pdftoppm -png -r 60 -f "$last" -l "$last" -singlefile "$work/示例.pdf" "$work/signature-page"
cp "$work/signature-page.png" docs/signature-page.png
echo "docs/signature-page.png: page $last, $(wc -c < docs/signature-page.png) bytes"
