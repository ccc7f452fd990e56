#!/usr/bin/env bash
# Imports the samples' outputs as real clients give them back, and checks that each comes
# back as the same motion: poppler's pdftotext (the plain text an aide copies out of a
# PDF) and LibreOffice (the DOCX opened in Writer and exported to PDF again). Each
# session's texts are imported beside the session's defaults, rebuilt to HTML, and each
# rebuilt page's <article> must be one of the original pages' (the Rust tests compare
# the motions field by field; here the sources come from other programs). Needs
# pdftotext and soffice (.ci/run installs them). Usage: tests/import/check.sh [motion]
set -euo pipefail
# shellcheck source=../clients.sh
source "$(dirname "$0")/../clients.sh"

(cd "$repo" && "$motion" build motions --out "$out/samples" >/dev/null 2>&1)

articles() {  # the hash of each page's <article>, one per line, sorted
  find "$1" -name '*.html' ! -name index.html ! -name recherche.html -not -path '*/etiquettes/*' -not -path '*/seances/*' -print0 | sort -z |
    while IFS= read -r -d '' page; do
      sed -n '/<article/,/<\/article>/p' "$page" | sha256sum | cut -d' ' -f1
    done | sort
}

round_trip() {  # round_trip LABEL EXT: import every $out/LABEL/SESSION/*.EXT, rebuild, compare
  local label=$1 ext=$2 session dest
  for session in $(cd "$out/$label" && ls); do
    dest="$out/back-$label/$session"
    mkdir -p "$dest"
    if [ -f "$repo/motions/$session/defaults.toml" ]; then
      cp "$repo/motions/$session/defaults.toml" "$dest/"
    fi
    (cd "$out" && "$motion" import "$label/$session/"*."$ext" --out "$dest" --no-progress \
      >"$out/import.log" 2>&1) || { cat "$out/import.log"; fail "$label/$session: import refused"; }
  done
  (cd "$out" && "$motion" build "back-$label" --format html --out "rebuilt-$label" >/dev/null 2>&1) \
    || fail "$label: the imported motions do not build"
  if ! diff <(articles "$out/samples") <(articles "$out/rebuilt-$label") >/dev/null; then
    # Show each page that differs beside the source page of the same title.
    local page title original
    while IFS= read -r -d '' page; do
      title=$(grep -o "<h1>.*</h1>" "$page" || true)
      original=$(grep -rlF --include="*.html" "$title" "$out/samples" | head -1 || true)
      if [ -n "$original" ] && ! diff -q <(sed -n '/<article/,/<\/article>/p' "$original") \
          <(sed -n '/<article/,/<\/article>/p' "$page") >/dev/null; then
        echo "--- $original"; echo "+++ $page"
        diff <(sed -n '/<article/,/<\/article>/p' "$original") \
          <(sed -n '/<article/,/<\/article>/p' "$page") | head -20 || true
      elif [ -z "$original" ]; then
        echo "+++ $page: no source page has its title"
        grep -o '<h1>.*</h1>' "$page" || true
      fi
    done < <(find "$out/rebuilt-$label" -name '*.html' ! -name index.html ! -name recherche.html -not -path '*/etiquettes/*' -not -path '*/seances/*' -print0)
    fail "$label: some imported motion prints otherwise than its source"
  fi
  echo "ok: $(find "$out/samples" -name '*.pdf' -not -path '*/cahiers/*' | wc -l) samples come back whole through $label"
}

# poppler's text of each PDF.
while IFS= read -r -d '' pdf; do
  relative=${pdf#"$out/samples/"}
  mkdir -p "$out/pdftotext/$(dirname "$relative")"
  pdftotext "$pdf" "$out/pdftotext/${relative%.pdf}.txt" 2>/dev/null
done < <(find "$out/samples" -name '*.pdf' -not -path '*/cahiers/*' -print0)
round_trip pdftotext txt

# LibreOffice's PDF of each DOCX.
while IFS= read -r -d '' docx; do
  relative=${docx#"$out/samples/"}
  mkdir -p "$out/libreoffice/$(dirname "$relative")"
  soffice -env:UserInstallation="file://$out/profile" --headless --convert-to pdf \
    --outdir "$out/libreoffice/$(dirname "$relative")" "$docx" >/dev/null 2>&1 \
    || fail "LibreOffice could not open $docx"
done < <(find "$out/samples" -name '*.docx' -print0)
round_trip libreoffice pdf
