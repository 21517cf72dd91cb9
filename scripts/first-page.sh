#!/usr/bin/env bash
# Regenerate docs/first-page.png: the first page of the DOCX drafted from the bundled sample
# with the recorded responses, as LibreOffice renders it.
#
#   bash scripts/first-page.sh
#
# Needs soffice (LibreOffice) and pdftoppm (poppler-utils), and CJK fonts (Debian:
# fonts-noto-cjk, fonts-arphic-ukai). The official font names the DOCX asks for
# (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) are mapped to those fonts for this picture
# only, through a private fontconfig file; nothing on the machine is changed.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

SELFREVIEW_CACHE_DIR="$work/cache" SELFREVIEW_CONFIG="$work/config.toml" \
  python -m selfreview fixtures/notes/sample-notes.txt --replay fixtures/responses/sample-notes \
  --org 某市政府党组 --approve-all -o "$work/示例.docx"

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
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/示例.pdf" "$work/first-page"
cp "$work/first-page.png" docs/first-page.png
echo "docs/first-page.png: $(wc -c < docs/first-page.png) bytes"
