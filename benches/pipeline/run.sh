#!/usr/bin/env bash
# Times `motion build` side by side with a per-file pipeline on the same archive: one
# `typst compile` per motion for the PDF, one `pandoc` per motion for the DOCX and one
# for the HTML, each tool started once per file, run on every core (xargs -P). Needs
# typst (the CLI), pandoc and python3 on the PATH, and the release binary
# (`cargo build --release`). Usage, from the repository's root:
#   MOTION_BENCH_DIR=/tmp/archive cargo bench --bench check -- 1000   # an archive
#   bash benches/pipeline/run.sh /tmp/archive [RUNS]
# Prints a Markdown table of medians over RUNS runs (3 by default).
set -euo pipefail
archive=$(realpath "${1:?usage: run.sh ARCHIVE [RUNS]}")
runs=${2:-3}
here=$(realpath "$(dirname "$0")")
motion=$(realpath "$here/../../target/release/motion")
jobs=$(nproc)
for tool in typst pandoc python3 "$motion"; do
  command -v "$tool" >/dev/null || { echo "$tool introuvable" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' TERM

# The seconds one command takes.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "échec : $*" >&2; kill -TERM $$; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

convert() { rm -rf "$work/files"; python3 "$here/convert.py" "$archive" "$work/files"; }
typst_pdf() {
  find "$work/files" -name '*.json' -print0 | xargs -0 -P "$jobs" -I{} \
    typst compile --root / --ignore-system-fonts --input data={} "$here/motion.typ" {}.pdf
}
pandoc_docx() {
  find "$work/files" -name '*.md' -print0 | xargs -0 -P "$jobs" -I{} pandoc {} -o {}.docx
}
pandoc_html() {
  find "$work/files" -name '*.md' -print0 | xargs -0 -P "$jobs" -I{} \
    pandoc {} --standalone --metadata pagetitle=motion -o {}.html
}
motion_build() { rm -rf "$work/out"; "$motion" build "$archive" --out "$work/out" --quiet; }

count=$(python3 "$here/convert.py" "$archive" "$work/files")
echo "$count motions, $jobs cœurs, médiane de $runs passages"
echo
echo "| étape | durée | motions/s |"
echo "|---|---:|---:|"
total=0
for step in convert typst_pdf pandoc_docx pandoc_html; do
  case $step in
    convert) label="conversion (Python)" ;;
    typst_pdf) label="\`typst compile\`, un par motion" ;;
    pandoc_docx) label="\`pandoc\` vers DOCX, un par motion" ;;
    pandoc_html) label="\`pandoc\` vers HTML, un par motion" ;;
  esac
  t=$(for _ in $(seq "$runs"); do seconds "$step"; done | median)
  total=$(echo "$total + $t" | bc)
  printf '| %s | %.2f s | %.0f |\n' "$label" "$t" "$(echo "$count / $t" | bc -l)"
done
printf '| **chaîne par fichier, en tout** | %.2f s | %.0f |\n' "$total" "$(echo "$count / $total" | bc -l)"
t=$(for _ in $(seq "$runs"); do seconds motion_build; done | median)
printf '| **`motion build` (PDF, DOCX, HTML)** | %.2f s | %.0f |\n' "$t" "$(echo "$count / $t" | bc -l)"
