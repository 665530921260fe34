#!/usr/bin/env bash
# Whole-process timings of `hallway import-notes` and `hallway restore` with 10 to 10,000 notes
# (issue 12, point 8: one save per batch, so the cost follows the number of notes, not its
# square). Release binary, bundled program, a fresh config folder per run (made outside the
# timing); median and fastest of RUNS runs, in ms, and each size's median over the 10-note one.
# The notes file has a heading per session (the bundled titles that match themselves), up to
# 200 numbered notes under each; the backup is what `hallway backup` writes after importing it.
# `benches/notes_batch.rs` times the same work inside the process.
# Usage: scripts/notes_batch.sh [RUNS]   (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
HALLWAY_BIN=$PWD/target/release/hallway RUNS=$runs TMP=$tmp python3 - <<'PY'
import json, os, shutil, statistics, subprocess, time

bin, runs, tmp = os.environ["HALLWAY_BIN"], int(os.environ["RUNS"]), os.environ["TMP"]
env = dict(os.environ, HALLWAY_NOW="2024-09-18T10:00:00-07:00", NO_COLOR="1")
env.pop("HALLWAY_CONFERENCE", None)

def hallway(config, *args):
    out = subprocess.run([bin, *args], env=dict(env, HALLWAY_CONFIG_DIR=config),
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"hallway {args}: {out.stderr}")
    return out.stdout

sessions = json.loads(hallway(f"{tmp}/probe", "list", "--json"))
titles = [s["title"] for s in sessions]

def notes_file(n):
    lines, written, block = [], 0, 0
    while written < n:
        here = min(200, n - written)
        lines.append(titles[block % len(titles)])
        lines += [f"{i}. block {block} note {i}: what the speaker said, more or less."
                  for i in range(1, here + 1)]
        lines.append("")
        written += here
        block += 1
    path = f"{tmp}/notes-{n}.txt"
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path

def timed(args_for):
    times = []
    for r in range(runs):
        config = f"{tmp}/run"
        shutil.rmtree(config, ignore_errors=True)
        os.makedirs(config)
        start = time.perf_counter()
        out = hallway(config, *args_for)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), out

results = {}
for n in (10, 100, 1000, 10000):
    path = notes_file(n)
    med, fast, out = timed(["import-notes", path])
    imported = int(out.strip().splitlines()[-1].split()[0])
    results[("import-notes", n)] = (med, fast, imported)
    src = f"{tmp}/src-{n}"
    hallway(src, "import-notes", path)
    backup = f"{tmp}/backup-{n}.json"
    hallway(src, "backup", backup)
    med, fast, out = timed(["restore", backup])
    results[("restore", n)] = (med, fast, n)

print(f"{'command':<13} {'notes':>6} {'median ms':>10} {'fastest ms':>11} {'x 10 notes':>11}")
for (cmd, n), (med, fast, count) in results.items():
    base = results[(cmd, 10)][0]
    print(f"{cmd:<13} {n:>6} {med:>10.1f} {fast:>11.1f} {med / base:>10.1f}x"
          + ("" if count == n else f"  (only {count} imported)"))
PY
