#!/usr/bin/env bash
# Checks the HTML outputs with real clients, as users and validators see them:
#   - the W3C Nu Html Checker (vnu.jar from npm, run with Java): no error;
#   - axe-core in headless Chromium (Debian's chromium, driven by playwright-core):
#     no WCAG 2.1 A/AA violation, no network request.
# It builds the sample motions, the hostile fixture and the published texts written in
# the format (tests/fixtures/published) with the given binary.
# Needs java, node/npm and /usr/bin/chromium (.ci/run installs them).
# Usage: tests/html/check.sh [path/to/motion]
set -euo pipefail
# shellcheck source=../clients.sh
source "$(dirname "$0")/../clients.sh"

(cd "$repo" && "$motion" build motions --out "$out/samples" >/dev/null)
(cd "$repo/tests/fixtures/render" && "$motion" build . --out "$out/hostile" --diagnostics short >/dev/null)
# The published forms: the outcome first, the filing line above the title or none, the
# notice, a preamble, headings over lists, requests with their own markers.
(cd "$repo/tests/fixtures/published" && "$motion" build . --out "$out/published" --format html --no-search >/dev/null)

(cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
mapfile -t pages < <(find "$out" -name '*.html' | sort)
echo "== Nu Html Checker on ${#pages[@]} pages"
java -jar "$here/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only "${pages[@]}"
echo "vnu: no error"
echo "== axe-core in Chromium"
node "$here/axe.mjs" "${pages[@]}"
