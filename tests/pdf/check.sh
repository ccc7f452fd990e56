#!/usr/bin/env bash
# Checks the PDF outputs with poppler, as readers and archives see them:
#   - pdftotext: every title, author, considérant and request, in order;
#   - pdfinfo: title, author, keywords, PDF/A and PDF/UA claims, tagged;
#   - pdffonts: every font embedded;
#   - two builds give the same bytes;
#   - each séance's booklet: pdfinfo (pages, tagged, PDF/A and PDF/UA), pdftotext (the
#     cover, the Sommaire, the motions in séance order), qpdf (--check, and its
#     outline: a bookmark per part and motion).
# Needs poppler-utils and qpdf (.ci/run installs them). Usage: tests/pdf/check.sh [path/to/motion]
set -euo pipefail
# shellcheck source=../clients.sh
source "$(dirname "$0")/../clients.sh"

(cd "$repo" && "$motion" build motions --format pdf --out "$out/a" >/dev/null 2>&1)
(cd "$repo" && "$motion" build motions --format pdf --out "$out/b" >/dev/null 2>&1)
(cd "$repo/tests/fixtures/render" && "$motion" build . --format pdf --out "$out/hostile" >/dev/null 2>&1)

# poppler must read every PDF without complaint. One message is poppler's own mistake:
# poppler 22.12 (Debian 12) calls `/MarkInfo << /Suspects false >>` "wrong type
# (boolean)", though a boolean is what the PDF standard asks for there (krilla writes
# it, false being the default); it is the only message let through.
quiet_poppler() {
  local errors
  errors=$( { "$@" >/dev/null; } 2>&1 | grep -v '^Syntax Error: Suspects object is wrong type (boolean)$' || true)
  [ -z "$errors" ] || fail "$*: poppler complains: $errors"
}

mapfile -t pdfs < <(cd "$out/a" && find . -name '*.pdf' -not -path './cahiers/*' | sort)
[ "${#pdfs[@]}" -eq 10 ] || fail "expected 10 sample PDFs, found ${#pdfs[@]}"
for pdf in "${pdfs[@]}"; do
  cmp -s "$out/a/$pdf" "$out/b/$pdf" || fail "$pdf differs between two builds"
  text=$(text_of "$out/a/$pdf")
  case "$text" in *"Présenté par"*) filing="Présenté par" ;; *) filing="Déposé par" ;; esac
  in_order "$text" "Séance" "$filing" "roposition d" "1/1"
  quiet_poppler pdfinfo "$out/a/$pdf"
  quiet_poppler pdffonts "$out/a/$pdf"
  quiet_poppler pdftotext "$out/a/$pdf" "$out/poppler.txt"
  info=$(pdfinfo "$out/a/$pdf" 2>/dev/null)
  fonts=$(pdffonts "$out/a/$pdf" 2>/dev/null | tail -n +3)
  grep -q "^Title: *Vœu\|^Title: *Amendement" <<<"$info" || fail "$pdf: no title in pdfinfo"
  grep -q "^Author: " <<<"$info" || fail "$pdf: no author in pdfinfo"
  grep -q "^Tagged: *yes" <<<"$info" || fail "$pdf: not tagged"
  grep -q "^Page size: *595.* x 841.* pts (A4)" <<<"$info" || fail "$pdf: not A4"
  [ -n "$fonts" ] || fail "$pdf: no font listed"
  if awk '{ if ($(NF-4) != "yes") exit 1 }' <<<"$fonts"; then :; else fail "$pdf: a font is not embedded: $fonts"; fi
  grep -q "pdfaid:part" <(strings "$out/a/$pdf") || fail "$pdf: no PDF/A identification in XMP"
  grep -q "pdfuaid:part" <(strings "$out/a/$pdf") || fail "$pdf: no PDF/UA identification in XMP"
  echo "ok: $pdf ($(grep -c . <<<"$fonts") fonts embedded, $(grep '^Pages:' <<<"$info" | tr -s ' '))"
done

# Every part of the sample vœu, in order, in the extracted text.
in_order "$(text_of "$out/a/2026-12-conseil-de-paris/p300-espaces-verts.pdf")" \
  "Conseil de Paris" "Séance des 8, 9 et 10 décembre 2026" "Vœu relatif au plan 300 hectares" \
  "Déposé par Claire DUVAL" "Julien MARCHETTI et les élu·es du groupe Les Écologistes" \
  "Vu le Plan Climat" "Considérant que Paris ne compte" "Considérant que la participation" \
  "Sur proposition de Claire DUVAL" "émet le vœu que la Ville de Paris" \
  "Publie avant la fin" "Inscrive au budget primitif 2027"
echo "ok: the parts of the P300 vœu come out of pdftotext in order"

# The older forms: a group's own formula and the vote lines of 2002; an amendement to two
# délibérations that quotes an article, paragraph by paragraph, with its numbering.
in_order "$(text_of "$out/a/2002-10-conseil-de-paris/jardins-partages.pdf")" \
  "Séance d’octobre 2002" "2002 V. 87" "Déposé par le groupe « Les Verts »" \
  "siégeant en formation de conseil municipal, sur proposition du groupe « Les Verts », émet le vœu :" \
  "Que la Ville mette" "Le vœu a été adopté à l’unanimité." "Délibération affichée"
in_order "$(text_of "$out/a/2017-03-conseil-de-paris/amendement-reglement-interieur.pdf")" \
  "Projets de délibération 2017 SGCP 2 et 2017 SGCP 2 G" \
  "Présenté par Mathieu ROCHER au nom du groupe Les Écologistes" "Exposé des motifs" \
  "les projets de délibération 2017 SGCP 2 et 2017 SGCP 2 G sont ainsi modifiés" \
  "Titre II" "Art. 14." "1° Ils sont publiés" "2° Les réponses" \
  "L’amendement a été adopté à la majorité le 28 mars 2017."
echo "ok: the 2002 and 2017 forms come out of pdftotext as published texts print them"

quiet_poppler pdftotext "$out/hostile/hostile.pdf" "$out/poppler.txt"
hostile=$(text_of "$out/hostile/hostile.pdf")
all_literal "$hostile"
echo "ok: markup in every field prints literally"

# Overlong words and title (tests/fixtures/render/long.toml): poppler reads the PDF
# without complaint and finds every letter of the 19,880-letter word.
quiet_poppler pdfinfo "$out/hostile/long.pdf"
quiet_poppler pdftotext "$out/hostile/long.pdf" "$out/poppler.txt"
letters=$(tr -cd 'a' <"$out/poppler.txt" | wc -c)
[ "$letters" -ge 19880 ] || fail "long.pdf: $letters letters a, not the 19,880 of the long word"
grep -q "^Title: *Vœu relatif aux fontaines" < <(pdfinfo "$out/hostile/long.pdf" 2>/dev/null) \
  || fail "long.pdf: no title in pdfinfo"
echo "ok: a 19,880-letter word and a 2,300-character title print, poppler reads them"

# The séances' booklets.
mapfile -t booklets < <(cd "$out/a" && find cahiers -name '*.pdf' | sort)
[ "${#booklets[@]}" -eq 4 ] || fail "expected 4 booklets, found ${#booklets[@]}"
for booklet in "${booklets[@]}"; do
  cmp -s "$out/a/$booklet" "$out/b/$booklet" || fail "$booklet differs between two builds"
  quiet_poppler pdfinfo "$out/a/$booklet"
  quiet_poppler pdffonts "$out/a/$booklet"
  quiet_poppler pdftotext "$out/a/$booklet" "$out/poppler.txt"
  info=$(pdfinfo "$out/a/$booklet" 2>/dev/null)
  grep -q "^Title: *Cahier de séance — " <<<"$info" || fail "$booklet: no title in pdfinfo"
  grep -q "^Tagged: *yes" <<<"$info" || fail "$booklet: not tagged"
  grep -q "pdfaid:part" <(strings "$out/a/$booklet") || fail "$booklet: no PDF/A identification"
  grep -q "pdfuaid:part" <(strings "$out/a/$booklet") || fail "$booklet: no PDF/UA identification"
  qpdf --check "$out/a/$booklet" >"$out/qpdf.txt" 2>&1 || { cat "$out/qpdf.txt"; fail "$booklet: qpdf --check"; }
  echo "ok: $booklet ($(grep '^Pages:' <<<"$info" | tr -s ' '), qpdf --check clean)"
done
december="$out/a/cahiers/2026-12-08-conseil-de-paris.pdf"
in_order "$(text_of "$december")" \
  "Cahier de séance" "4 vœux et 1 amendement" "Sommaire" \
  "n° 18 Vœu relatif au plan 300" "n° 18 bis Vœu relatif à la mise en œuvre" "n° 24" "n° 42" \
  "Amendements au projet de délibération 2026 DEVE 112" "n° 7" \
  "Vœu relatif au plan 300 hectares" "Vœu relatif à la mise en œuvre" "Vœu relatif aux fontaines" \
  "Vœu relatif au logement" "Amendement au projet de délibération relatif au plan arbre"
outline=$(qpdf --json=2 --json-key=outlines "$december")
titles=$(grep -c '"title":' <<<"$outline")
[ "$titles" -eq 7 ] || fail "December's booklet: $titles bookmarks, not 7 (2 parts, 5 motions): $outline"
echo "ok: December's booklet lists its parts and motions in séance order, with 7 bookmarks"

# The published texts written in the format: poppler reads back every published word in
# order (the corpus's measure, when ../shared/corpus is there).
if [ -n "$corpus" ]; then
  (cd "$repo/tests/fixtures/published" && "$motion" build . --format pdf --no-booklets --out "$out/published" >/dev/null 2>&1)
  for reference in "$corpus"/real/*/reference.txt; do
    text=$(basename "$(dirname "$reference")")
    measure=$(published_recall "$out/published/$text.pdf" "$text")
    echo "ok: published text $text through pdftotext: recall $measure"
  done
else
  echo "skipped: the published texts (../shared/corpus is not there)"
fi
