# Shared by the scripts that check outputs with real clients (tests/*/check.sh):
# where things are, a scratch folder removed on exit, and text helpers. Sourced, not run.
# The caller passes the motion binary as its first argument (default: the debug build).
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
motion=${1:-$repo/target/debug/motion}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

fail() { echo "FAIL: $*"; exit 1; }

# The text of a PDF on one line, no-break spaces as plain spaces.
text_of() { pdftotext "$1" - | tr -s ' \n' ' ' | sed 's/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g'; }

# in_order TEXT PART…: every part is in the text, each after the previous one.
in_order() {
  local text=$1 position=0 rest before part; shift
  for part in "$@"; do
    rest=${text:$position}
    case "$rest" in
      *"$part"*) before=${rest%%"$part"*}; position=$((position + ${#before} + ${#part})) ;;
      *) fail "« $part » missing or out of order" ;;
    esac
  done
}

# The markup the hostile fixture puts in its fields, which every output must print as
# typed (typst, HTML, Jinja, XML and Markdown-like signs).
HOSTILE_LITERALS=("<script>alert" "{{ 7*7 }}" "#set page(width" '$x^2$' "@ref <label> [crochets]"
  "[piégé](javascript:alert(1))" "&amp; &lt; &#x3C;" "]]> et <![CDATA[ x ]]>")

# all_literal TEXT: every hostile literal is in the text.
all_literal() {
  local literal
  for literal in "${HOSTILE_LITERALS[@]}"; do
    grep -qF -- "$literal" <<<"$1" || fail "hostile: « $literal » did not come out literally"
  done
}

# The corpus of real published texts beside the repository (../shared/corpus), when it
# is there; empty otherwise.
corpus=$(cd "$repo/.." && pwd)/shared/corpus
[ -f "$corpus/wordcmp.py" ] || corpus=""

# published_recall PDF TEXT: the ordered recall of the corpus text TEXT's published
# words in the PDF (pdftotext, then the corpus's own measure); fails below 0.99.
published_recall() {
  local pdf=$1 text=$2 measure
  pdftotext "$pdf" "$out/recall.txt" 2>/dev/null
  measure=$(python3 "$corpus/wordcmp.py" "$corpus/real/$text/reference.txt" "$out/recall.txt")
  python3 -c "import sys; sys.exit(0 if float('${measure%% *}') >= 0.99 else 1)" \
    || fail "$pdf: recall of the published text $measure"
  echo "$measure"
}
