#!/usr/bin/env bash
# The live preview in a real browser: `motion serve` on a copy of the sample motions,
# then, in headless Chromium driven by playwright-core (e2e.mjs): a motion's page follows
# each save without a manual reload, shows the error overlay (axe-core finds no WCAG
# violation on it) until the fix, the PDF view and the séance's page follow; then the latency
# from a save to the page's update (latency.mjs; with this debug build and 10 motions,
# for information: the figure of record is `cargo bench --bench serve`, release, 1,000
# motions); then Ctrl-C, which must stop it cleanly (exit 0). Before those, the archive's
# search on the pages it serves (search.mjs): unaccented words, a tag, the URL state.
# Needs node/npm and /usr/bin/chromium (.ci/run installs them).
# Usage: tests/serve/check.sh [path/to/motion]
set -euo pipefail
# shellcheck source=../clients.sh
source "$(dirname "$0")/../clients.sh"

(cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
cp -r "$repo/motions" "$out/motions"
"$motion" serve "$out/motions" --port 0 --out "$out/site" >"$out/serve.out" 2>"$out/serve.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$out"' EXIT

# address_of LOG PID: the address a `motion serve` says in LOG, once it says it.
address_of() {
  local address=
  for _ in $(seq 1 600); do
    address=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$1" | head -1 || true)
    [ -n "$address" ] && break
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; fail "motion serve stopped"; }
    sleep 0.5
  done
  [ -n "$address" ] || { cat "$1" >&2; fail "motion serve never said its address"; }
  echo "$address"
}
url=$(address_of "$out/serve.log" "$pid")
echo "== motion serve at $url"

echo "== the archive's search (Pagefind) in Chromium, served over http"
for _ in $(seq 1 600); do
  [ -f "$out/site/recherche.html" ] && break
  sleep 0.5
done
node "$here/search.mjs" "$url" "$out/site"
echo "== the search's results are text (the hostile fixture)"
cp -r "$repo/tests/fixtures/render" "$out/hostile"
"$motion" serve "$out/hostile" --port 0 --out "$out/hostile-site" >/dev/null 2>"$out/hostile.log" &
hostile_pid=$!
trap 'kill "$pid" "$hostile_pid" 2>/dev/null || true; rm -rf "$out"' EXIT
hostile_url=$(address_of "$out/hostile.log" "$hostile_pid")
for _ in $(seq 1 600); do
  [ -f "$out/hostile-site/recherche.html" ] && break
  sleep 0.5
done
node "$here/search-hostile.mjs" "$hostile_url"
kill -INT "$hostile_pid"
wait "$hostile_pid" || fail "motion serve (hostile) did not stop cleanly"

page=2026-12-conseil-de-paris/p300-espaces-verts.html
source_file="$out/motions/${page%.html}.toml"
echo "== the page follows its source in Chromium (Playwright)"
node "$here/e2e.mjs" "$url" "$page" "$source_file"
echo "== latency from a save to the page's update (debug build, for information)"
node "$here/latency.mjs" "$url" "$page" "$source_file" 5

echo "== Ctrl-C stops it cleanly"
kill -INT "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || { cat "$out/serve.log"; fail "motion serve exited with $status on SIGINT"; }
grep -q "arrêté" "$out/serve.log" || fail "motion serve did not say it stopped"
if find "$out/site" -name '*.tmp' | grep -q .; then fail "temporary files left in the outputs"; fi
echo "ok: stopped, exit 0, nothing half-written"
