#!/usr/bin/env bash
# Whole-process timings of the release binary on the bundled program, with hyperfine (installed
# if missing): `hallway --version` (the process itself), `hallway list`, `hallway render` at
# 120x40. Prints hyperfine's table and the medians; also the peak RSS of one render.
# Usage: scripts/bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
if ! command -v hyperfine >/dev/null; then
  SUDO=$(command -v sudo || true)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq hyperfine
fi
cargo build --release --quiet
bin=target/release/hallway
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
export HALLWAY_CONFIG_DIR=$cfg HALLWAY_NOW=2024-09-18T10:00:00-07:00
hyperfine --runs "$runs" --warmup 3 -N --export-json "$cfg/times.json" \
  "$bin --version" "$bin list" "$bin render --size 120x40"
python3 - "$cfg/times.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['median']*1000:7.2f} ms  {r['command']}")
PY
/usr/bin/time -f "peak RSS of render 120x40: %M KB" "$bin" render --size 120x40 >/dev/null
