#!/usr/bin/env bash
# Runs the fuzz targets for a chosen time each: fuzz/run.sh [SECONDS] [TARGET...]
# (default: 1,200 s — 20 minutes — for each of check, typography and render).
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain the sanitizer
# flags need RUSTC_BOOTSTRAP=1, set here. The seeds in fuzz/seeds/TARGET are copied into
# fuzz/corpus/TARGET (not committed), where libFuzzer keeps what it finds; a crash is
# saved in fuzz/artifacts/TARGET and ends the run with a non-zero status. Built with -O
# (optimised, AddressSanitizer on, debug assertions off: `cargo fuzz build -O` once,
# about 25 minutes on two cores, since typst is large).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-1200}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(check typography render)
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  cp -n fuzz/seeds/"$target"/* "fuzz/corpus/$target/" 2>/dev/null || true
  echo "== $target: ${seconds} s"
  # -rss_limit_mb: typst is large; the render target stays far below this.
  cargo fuzz run -O "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -print_final_stats=1
done
