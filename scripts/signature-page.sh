#!/usr/bin/env bash
# Regenerate docs/signature-page.png: the last page of the DOCX drafted from the bundled sample
# with the recorded responses and a 落款 (--sign-date), as LibreOffice renders it: the unit
# centred over the date, the date four characters in from the right margin.
#
#   bash scripts/signature-page.sh
#
# Needs soffice (LibreOffice), pdftoppm and pdfinfo (poppler-utils) and CJK fonts, mapped as
# in scripts/first-page.sh (a private fontconfig file; nothing on the machine is changed).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

SELFREVIEW_CACHE_DIR="$work/cache" SELFREVIEW_CONFIG="$work/config.toml" \
  python -m selfreview fixtures/notes/sample-notes.txt --replay fixtures/responses/sample-notes \
  --org 某市政府党组 --approve-all --sign-unit 中共某市人民政府党组 --sign-date 2026-01-06 \
  -o "$work/示例.docx"

alias() {  # <family asked for> <family to use>
  printf '<alias binding="same"><family>%s</family><prefer><family>%s</family></prefer></alias>\n' "$1" "$2"
}
{
  echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
  echo '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
  alias "方正小标宋简体" "Noto Serif CJK SC"
  alias "仿宋_GB2312" "AR PL UMing CN"
  alias "仿宋" "AR PL UMing CN"
  alias "黑体" "Noto Sans CJK SC"
  alias "楷体_GB2312" "AR PL UKai CN"
  alias "宋体" "Noto Serif CJK SC"
  echo '</fontconfig>'
} > "$work/fonts.conf"

FONTCONFIG_FILE="$work/fonts.conf" soffice --headless "-env:UserInstallation=file://$work/lo" \
  --convert-to pdf --outdir "$work" "$work/示例.docx" > /dev/null
last="$(pdfinfo "$work/示例.pdf" | awk '/^Pages:/ {print $2}')"
pdftoppm -png -r 60 -f "$last" -l "$last" -singlefile "$work/示例.pdf" "$work/signature-page"
cp "$work/signature-page.png" docs/signature-page.png
echo "docs/signature-page.png: page $last, $(wc -c < docs/signature-page.png) bytes"
