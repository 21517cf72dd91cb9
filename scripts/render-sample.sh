# Shared by scripts/first-page.sh and scripts/signature-page.sh (source it, do not run it):
# draft the bundled sample with the recorded responses and render the DOCX to a PDF with
# LibreOffice, so that the pictures in docs/ come from one recipe.
#
# Needs soffice (LibreOffice) and CJK fonts (Debian: fonts-noto-cjk, fonts-arphic-ukai). The
# official font names the DOCX asks for (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) are
# mapped to those fonts for the picture only, through a private fontconfig file; nothing on
# the machine is changed.

# render_sample WORK [draft options...]: writes WORK/示例.docx and WORK/示例.pdf.
render_sample() {
  local work="$1"
  shift
  SELFREVIEW_CACHE_DIR="$work/cache" SELFREVIEW_CONFIG="$work/config.toml" \
    python -m selfreview fixtures/notes/sample-notes.txt --replay fixtures/responses/sample-notes \
    --org 某市政府党组 --approve-all "$@" -o "$work/示例.docx"
  {
    echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
    echo '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
    _font_alias "方正小标宋简体" "Noto Serif CJK SC"
    _font_alias "仿宋_GB2312" "AR PL UMing CN"
    _font_alias "仿宋" "AR PL UMing CN"
    _font_alias "黑体" "Noto Sans CJK SC"
    _font_alias "楷体_GB2312" "AR PL UKai CN"
    _font_alias "宋体" "Noto Serif CJK SC"
    echo '</fontconfig>'
  } > "$work/fonts.conf"
  FONTCONFIG_FILE="$work/fonts.conf" soffice --headless "-env:UserInstallation=file://$work/lo" \
    --convert-to pdf --outdir "$work" "$work/示例.docx" > /dev/null
}

_font_alias() {  # <family asked for> <family to use>
  printf '<alias binding="same"><family>%s</family><prefer><family>%s</family></prefer></alias>\n' "$1" "$2"
}
