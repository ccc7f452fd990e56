#!/usr/bin/env bash
# Opens the DOCX outputs with a real client, as colleagues do: LibreOffice (Debian's
# libreoffice-writer-nogui) converts each sample DOCX to PDF headless, and the text that
# poppler's pdftotext extracts holds every part of the motion in order; the hostile
# fixture's markup comes out literally. The XML parts themselves are checked by the Rust
# tests (tests/cli/docx.rs). Needs soffice and pdftotext (.ci/run installs them).
# Usage: tests/docx/check.sh [path/to/motion]
set -euo pipefail
# shellcheck source=../clients.sh
source "$(dirname "$0")/../clients.sh"

(cd "$repo" && "$motion" build motions --format docx --out "$out/docx" >/dev/null 2>&1)
(cd "$repo/tests/fixtures/render" && "$motion" build . --format docx --out "$out/hostile" >/dev/null 2>&1)

convert() {  # DOCX → PDF with a private LibreOffice profile
  soffice -env:UserInstallation="file://$out/profile" --headless --convert-to pdf \
    --outdir "$(dirname "$1")" "$1" >/dev/null 2>&1 || fail "LibreOffice could not open $1"
  [ -s "${1%.docx}.pdf" ] || fail "LibreOffice made no PDF of $1"
}
mapfile -t docs < <(find "$out/docx" -name '*.docx' | sort)
[ "${#docs[@]}" -eq 10 ] || fail "expected 10 sample DOCX, found ${#docs[@]}"
for doc in "${docs[@]}"; do
  convert "$doc"
  text=$(text_of "${doc%.docx}.pdf")
  case "$text" in *"Présenté par"*) filing="Présenté par" ;; *) filing="Déposé par" ;; esac
  in_order "$text" "Séance" "$filing" "roposition d" "1/1"
  # Libertinus Serif is not installed here: Writer sets the text in the faces the DOCX
  # carries, never in its fallback sans-serif.
  fonts=$(pdffonts "${doc%.docx}.pdf" 2>/dev/null | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' ')
  case "$fonts" in *LibertinusSerifRegular*) ;; *) fail "$doc: Writer did not use the embedded Libertinus Serif: $fonts" ;; esac
  case "$fonts" in *"DejaVuSans "*|*DejaVuSans-Bold*|*DejaVuSans-Oblique*) fail "$doc: Writer fell back to DejaVu Sans: $fonts" ;; esac
  echo "ok: ${doc#"$out/docx/"} opens in LibreOffice ($(pdfinfo "${doc%.docx}.pdf" 2>/dev/null | grep '^Pages:' | tr -s ' '), fonts: $fonts)"
done

text=$(text_of "$out/docx/2026-12-conseil-de-paris/p300-espaces-verts.pdf")
in_order "$text" "Conseil de Paris" "Séance des 8, 9 et 10 décembre 2026" "Vœu n° 18" \
  "Vœu relatif au plan 300 hectares" "Déposé par Claire DUVAL" "Vu le Plan Climat" \
  "Vu la délibération 2025 DEVE 41" "Considérant que Paris ne compte" "Considérant que les épisodes" \
  "Considérant que l’objectif" "Considérant que la désimperméabilisation" "Considérant que la participation" \
  "Sur proposition de Claire DUVAL" "émet le vœu que la Ville de Paris :" "• Publie avant la fin" \
  "• Présente chaque année" "• Associe les conseils" "• Inscrive au budget primitif 2027" "1/1"
echo "ok: the parts of the P300 vœu, and its bulleted requests, come out of LibreOffice in order"

# The amendement that quotes an article keeps its paragraphs and numbering, its exposé
# and its vote line, in Writer as in our PDF.
in_order "$(text_of "$out/docx/2017-03-conseil-de-paris/amendement-reglement-interieur.pdf")" \
  "Présenté par Mathieu ROCHER au nom du groupe Les Écologistes" "Exposé des motifs" \
  "sont ainsi modifiés" "Titre II" "Art. 14." "1° Ils sont publiés" "2° Les réponses" \
  "L’amendement a été adopté à la majorité le 28 mars 2017."
echo "ok: the quoted article, the exposé and the vote line come out of LibreOffice in order"

convert "$out/hostile/hostile.docx"
hostile=$(text_of "$out/hostile/hostile.pdf")
all_literal "$hostile"
echo "ok: markup in every field comes out literally in LibreOffice"

# Overlong words and title (tests/fixtures/render/long.toml) open in LibreOffice, every
# letter of the 19,880-letter word laid out.
convert "$out/hostile/long.docx"
letters=$(pdftotext "$out/hostile/long.pdf" - 2>/dev/null | tr -cd 'a' | wc -c)
[ "$letters" -ge 19880 ] || fail "long.docx: $letters letters a in LibreOffice's rendering"
echo "ok: a 19,880-letter word and a long title open in LibreOffice"

# The published texts written in the format, opened in LibreOffice: every published word
# in order (the corpus's measure, when ../shared/corpus is there).
if [ -n "$corpus" ]; then
  (cd "$repo/tests/fixtures/published" && "$motion" build . --format docx --out "$out/published" >/dev/null 2>&1)
  for reference in "$corpus"/real/*/reference.txt; do
    text=$(basename "$(dirname "$reference")")
    convert "$out/published/$text.docx"
    measure=$(published_recall "$out/published/$text.pdf" "$text")
    echo "ok: published text $text through LibreOffice: recall $measure"
  done
else
  echo "skipped: the published texts (../shared/corpus is not there)"
fi
