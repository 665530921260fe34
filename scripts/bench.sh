#!/usr/bin/env bash
# Whole-process timings of the release binary, with hyperfine and /usr/bin/time (both installed
# with apt-get if missing):
#  1. on the bundled program: `hallway --version` (the process itself), `hallway list`,
#     `hallway render --size 120x40`;
#  2. on each program — bundled, FOSDEM 2025 and 36C3 (../shared/fixtures), synthetic 10,000
#     and 50,000 sessions (written by `cargo bench --bench synth_write`), all imported into a
#     temporary config folder (the real ones skipped when missing) — `hallway --conference NAME
#     render --size 120x40` (the saved copy, opened from its cache) against `hallway --version`
#     in the same hyperfine run, with the ratio and the peak RSS of one render; and the same
#     render from the saved JSON (`--schedule FILE`, as a first open reads it);
#  3. `hallway import` of FOSDEM and 36C3 (a first import: the previous copy is removed);
#  4. the CPU time the interactive program uses while idle, in a 200x60 tmux window, and its
#     peak RSS once the search index is built (bundled, FOSDEM, synth-50k);
#  5. the synthetic 50,000-session program as publishers write it — frab JSON, Pentabarf XML,
#     iCalendar — in one hyperfine run against Python reading the same files (`json.load`,
#     `xml.etree.ElementTree.parse`, a plain line split): `--schedule FILE render` of each, and
#     reopening the imported frab copy (`--conference NAME render`, from its cache), with the
#     ratios to Python and each command's peak RSS; then that copy reopened in the interactive
#     program at 200x60, and its peak RSS once the search index is built.
# The clock is 10:30 on each program's first day, so the app opens on that day's tab.
# Medians in ms. docs/performance.md explains the figures.
# Usage: scripts/bench.sh [RUNS] [publishers]   (default 30 hyperfine runs per command; 10 for
# the 50k). With `publishers`, only section 5.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
only=${2:-}

need() { # command, Debian package
  if ! command -v "$1" >/dev/null; then
    SUDO=$(command -v sudo || true)
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "$2" >/dev/null
  fi
}
need hyperfine hyperfine
need /usr/bin/time time
need python3 python3
need tmux tmux

cargo build --release --quiet
bin=$PWD/target/release/hallway
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cfg=$tmp/config
mkdir -p "$cfg"
export HALLWAY_CONFIG_DIR=$cfg
unset HALLWAY_CONFERENCE
# The synthetic files are over the 50 MB cap on what hallway reads (fetch.rs).
export HALLWAY_HTTP_MAX_BYTES=1000000000

echo "== synthetic programs"
sizes=10000,50000
[ "$only" = publishers ] && sizes=50000
HALLWAY_SYNTH_DIR=$tmp/synth HALLWAY_SYNTH_SIZES=$sizes cargo bench --quiet --bench synth_write

median_ms() { # hyperfine JSON, index of the command
  python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"]*1000))' "$1" "$2"
}

# 10:30 on the first day of a hallway schedule file, in its own offset.
first_morning() {
  python3 - "$1" <<'PY'
import re, sys
head = open(sys.argv[1], encoding="utf-8").read(4096)
date = re.search(r'"start_date": "([0-9-]+)"', head).group(1)
offset = re.search(r'"utc_offset": "([+-][0-9:]+)"', head).group(1)
print(f"{date}T10:30:00{offset}")
PY
}

# The interactive program, idle: CPU time (user + system) over 10 s once it has drawn.
idle_cpu() { # label, hallway arguments...
  local label=$1 sock=$tmp/tmux.sock pid t0 t1
  shift
  tmux -S "$sock" new-session -d -x 200 -y 60 \
    "env HALLWAY_CONFIG_DIR=$cfg HALLWAY_NOW=$HALLWAY_NOW $bin $*"
  sleep 3
  pid=$(tmux -S "$sock" display-message -p '#{pane_pid}' 2>/dev/null || true)
  # The pane's shell may have exec'd hallway, or started it as a child.
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != hallway ]; then
    pid=$(pgrep -n -P "$pid" hallway || true)
  fi
  if [ -z "$pid" ]; then
    echo "idle CPU ($label): the program did not start"
    tmux -S "$sock" kill-server 2>/dev/null || true
    return
  fi
  t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  sleep 10
  t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  # By now the search index has been built in the background: the whole app's peak.
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  tmux -S "$sock" kill-server 2>/dev/null || true
  echo "idle CPU ($label): $(((t1 - t0) * 1000 / $(getconf CLK_TCK))) ms over 10 s; peak RSS with the search index $hwm KB"
}
# 5. The 50,000-session program as publishers write it, against Python on the same files.
publishers() {
  local s=$tmp/synth/synth-50000 r=$runs i
  [ "$r" -gt 10 ] && r=10
  echo
  echo "== 50,000 sessions as published: hallway against Python reading the same file"
  "$bin" import "$s.frab.json" --name synth-frab >/dev/null
  HALLWAY_NOW=$(first_morning "$cfg/conferences/synth-frab.json")
  export HALLWAY_NOW
  # The first open writes the cache that the reopening reads.
  "$bin" --conference synth-frab render --size 120x40 >/dev/null
  local cmds=(
    "python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))' $s.frab.json"
    "$bin --schedule $s.frab.json render --size 120x40"
    "$bin --conference synth-frab render --size 120x40"
    "python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' $s.xml"
    "$bin --schedule $s.xml render --size 120x40"
    "python3 -c 'import sys; open(sys.argv[1], encoding=\"utf-8\").read().splitlines()' $s.ics"
    "$bin --schedule $s.ics render --size 120x40"
  )
  hyperfine --runs "$r" --warmup 1 -N --style basic --export-json "$tmp/publishers.json" \
    "${cmds[@]}" >/dev/null
  local -a ms rss
  for i in "${!cmds[@]}"; do
    ms[i]=$(median_ms "$tmp/publishers.json" "$i")
    # shellcheck disable=SC2086  # the command's words, split as hyperfine -N splits them
    rss[i]=$(eval "/usr/bin/time -f %M ${cmds[i]}" 2>&1 >/dev/null | tail -1)
  done
  ls -l "$s.frab.json" "$s.xml" "$s.ics" | awk '{printf "%s: %.0f MB\n", $NF, $5 / 1e6}'
  printf '%-44s %10s %8s %12s\n' measure "median ms" ratio "peak RSS KB"
  row() { # label, index, index of the Python command it is compared with
    printf '%-44s %10s %8s %12s\n' "$1" "${ms[$2]}" \
      "$(python3 -c "print('%.2fx' % (${ms[$2]} / ${ms[$3]}))")" "${rss[$2]}"
  }
  row "Python json.load (frab JSON)" 0 0
  row "--schedule FRAB.json render / json.load" 1 0
  row "--conference NAME render (reopen) / json.load" 2 0
  row "Python ElementTree.parse (XML)" 3 3
  row "--schedule FILE.xml render / ElementTree" 4 3
  row "Python line split (ICS)" 5 5
  row "--schedule FILE.ics render / line split" 6 5
  # The issue's last row: the reopened program, interactive at 200x60, its search index built.
  idle_cpu "synth-frab, reopened" --conference synth-frab
}

if [ "$only" = publishers ]; then
  publishers
  exit 0
fi

echo
echo "== the bundled program"
export HALLWAY_NOW=2024-09-18T10:00:00-07:00
hyperfine --runs "$runs" --warmup 3 -N --style basic --export-json "$tmp/bundled.json" \
  "$bin --version" "$bin list" "$bin render --size 120x40"
for i in 0 1 2; do
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print("median %7.2f ms  %s" % (r["median"]*1000, r["command"]))' "$tmp/bundled.json" "$i"
done

echo
echo "== importing the real programs"
declare -A import_ms import_rss
programs=(bundled)
declare -A select file_of
select[bundled]=""
file_of[bundled]=""
for pair in fosdem-2025:fosdem-2025-schedule-LARGE.xml 36c3:36c3-everything-merged-schedule-LARGE.json; do
  name=${pair%%:*}
  src=../shared/fixtures/${pair#*:}
  if [ ! -f "$src" ]; then
    echo "note: $src is missing; $name is skipped"
    continue
  fi
  # A first import each time: the previous copy is removed (a re-import also reads it).
  hyperfine --runs "$runs" --warmup 2 -N --style basic --export-json "$tmp/import-$name.json" \
    --prepare "rm -f $cfg/conferences/$name.json" "$bin import $src --name $name" >/dev/null
  import_ms[$name]=$(median_ms "$tmp/import-$name.json" 0)
  rm -f "$cfg/conferences/$name.json"
  import_rss[$name]=$(/usr/bin/time -f %M "$bin" import "$src" --name "$name" 2>&1 >/dev/null | tail -1)
  programs+=("$name")
  select[$name]="--conference $name"
  file_of[$name]=$cfg/conferences/$name.json
done
for n in 10000 50000; do
  name=synth-$((n / 1000))k
  "$bin" import "$tmp/synth/synth-$n.json" --name "$name" >/dev/null
  programs+=("$name")
  select[$name]="--conference $name"
  file_of[$name]=$cfg/conferences/$name.json
done

echo
echo "== render 120x40 against --version, per program"
rows=()
for name in "${programs[@]}"; do
  if [ "$name" = bundled ]; then
    export HALLWAY_NOW=2024-09-18T10:30:00-07:00
  else
    HALLWAY_NOW=$(first_morning "${file_of[$name]}")
    export HALLWAY_NOW
  fi
  r=$runs
  [ "$name" = synth-50k ] && [ "$r" -gt 10 ] && r=10
  # shellcheck disable=SC2086  # select holds two words on purpose
  sessions=$("$bin" ${select[$name]} list | wc -l)
  # The saved copy opens from its cache (written by the first warm-up run); the JSON itself
  # is what a first open, or --schedule FILE, reads.
  json=(--schedule "${file_of[$name]}")
  [ "$name" = bundled ] && json=()
  # shellcheck disable=SC2086
  hyperfine --runs "$r" --warmup 2 -N --style basic --export-json "$tmp/render-$name.json" \
    "$bin --version" "$bin ${select[$name]} render --size 120x40" \
    "$bin ${json[*]} render --size 120x40" >/dev/null
  version=$(median_ms "$tmp/render-$name.json" 0)
  render=$(median_ms "$tmp/render-$name.json" 1)
  from_json=$(median_ms "$tmp/render-$name.json" 2)
  # shellcheck disable=SC2086
  rss=$(/usr/bin/time -f %M "$bin" ${select[$name]} render --size 120x40 2>&1 >/dev/null | tail -1)
  rss_json=$(/usr/bin/time -f %M "$bin" "${json[@]}" render --size 120x40 2>&1 >/dev/null | tail -1)
  rows+=("$name $sessions $render $version $rss $from_json $rss_json")
done

echo
echo "render: the saved copy (its cache); from JSON: the same program from its JSON file"
printf '%-12s %9s %11s %13s %6s %12s %14s %16s\n' program sessions "render ms" "--version ms" ratio "peak RSS KB" "from JSON ms" "JSON peak RSS KB"
for row in "${rows[@]}"; do
  read -r name sessions render version rss from_json rss_json <<<"$row"
  ratio=$(python3 -c "print('%.1f' % ($render / $version))")
  printf '%-12s %9s %11s %13s %6s %12s %14s %16s\n' "$name" "$sessions" "$render" "$version" "${ratio}x" "$rss" "$from_json" "$rss_json"
done
echo
for name in "${!import_ms[@]}"; do
  printf 'hallway import %-12s median %8s ms  (peak RSS %s KB)\n' "$name" "${import_ms[$name]}" "${import_rss[$name]}"
done

echo
HALLWAY_NOW=2024-09-18T10:30:00-07:00 idle_cpu bundled
if [ -n "${select[fosdem-2025]:-}" ]; then
  HALLWAY_NOW=2025-02-01T10:30:00+01:00 idle_cpu fosdem-2025 "${select[fosdem-2025]}"
fi
HALLWAY_NOW=$(first_morning "${file_of[synth-50k]}") idle_cpu synth-50k "${select[synth-50k]}"

publishers
