#!/usr/bin/env bash
# The long runs of the property tests, in release (docs/robustness.md):
#
# - tests/fuzz_import.rs: every importer (frab/pretalx JSON, Pentabarf/frab XML, iCalendar) and
#   the loader of hallway's own format, fed mutations of the real files in ../shared/fixtures;
# - tests/tui_props.rs: random key sequences, pastes and mouse events at random sizes;
# - tests/tui_unicode.rs: hostile Unicode (emoji + VS16, ZWJ families, flags, combining marks,
#   CJK, RTL, bidi overrides, controls) in every text field, every view, sizes 1x1-200x60.
#
#   scripts/fuzz.sh                        100,000 inputs per format, 2,000 key sequences,
#                                          2,000 hostile programs
#   scripts/fuzz.sh 1000000 10000 5000     as many as you like
#
# Each format prints a tally: inputs, imported, and rejections by kind (located syntax errors,
# semantic problems naming the session or conference, file-level problems, unknown format),
# and its slowest input. Any panic, unlocated error, import that does not load back, or broken
# TUI invariant fails the run and prints the smallest input proptest could shrink it to.
set -euo pipefail
cd "$(dirname "$0")/.."

INPUTS="${1:-100000}"
SEQUENCES="${2:-2000}"
PROGRAMS="${3:-2000}"
# The shared fixtures are required: fail rather than skip when they are missing.
export CI=true
mkdir -p target
stamp=$(date +%Y%m%dT%H%M%S)

run() {
    local what="$1" cases="$2" test="$3" threads="$4"
    echo "== $what: $cases per property (release build)"
    local start status log="target/fuzz-$stamp-$test.log"
    echo "== full output in $log"
    start=$(date +%s)
    set +e
    PROPTEST_CASES="$cases" cargo test --release --test "$test" -- --nocapture --test-threads="$threads" \
        >"$log" 2>&1
    status=$?
    set -e
    grep -E '^(fuzz |key sequences|test |test result)' "$log" | grep -v 'has been running' || true
    echo "== $what: done in $(( $(date +%s) - start )) s (exit status $status)"
    if [ "$status" -ne 0 ]; then
        echo "== FAILED; the end of $log:"
        tail -n 60 "$log"
        exit "$status"
    fi
}

# Four formats on two cores; the TUI's one property alone, so its tally prints after it.
run "schedule importers and loader" "$INPUTS" fuzz_import 2
run "TUI key sequences" "$SEQUENCES" tui_props 1
run "hostile Unicode in every field and view" "$PROGRAMS" tui_unicode 2
