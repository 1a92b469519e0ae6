#!/usr/bin/env bash
# One `compute` as a whole process, against `asp-funding --version`: CPU time (task-clock) by
# `perf stat`, the commands interleaved over several rounds so that a neighbour's load falls on
# all of them alike. Builds the release binary first (BINARY=path times another one instead);
# BEFORE=path times a second binary in the same rounds, interleaved with the first, so that
# the two are compared under the same load.
#
#   bash benches/startup.sh            # ROUNDS=5 RUNS=200 by default
#   BINARY=/tmp/old-asp-funding bash benches/startup.sh
#   BEFORE=/tmp/main-asp-funding bash benches/startup.sh
#
# Needs `perf` (linux-tools) allowed to count task-clock (`perf stat -e task-clock true`).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-5}
runs=${RUNS:-200}
if [[ -z "${BINARY:-}" ]]; then
    nice -n 10 cargo build --release --quiet
    binary="$PWD/target/release/asp-funding"
else
    binary=$(realpath "$BINARY")
fi
binaries=("$binary")
if [[ -n "${BEFORE:-}" ]]; then
    binaries=("$(realpath "$BEFORE")" "$binary")
fi

commands=(
    "--version"
    "compute -r nouvelle-aquitaine"
    "compute -r nouvelle-aquitaine --lang fr --by-year"
    # The same computation without the table for people: what laying the table out costs.
    "compute -r nouvelle-aquitaine --format json"
)

# The mean task-clock of one command, in ms, over $runs runs, from an empty folder with the
# embedded data (no ASP_FUNDING_RATES) and a fixed width (no terminal).
cpu_ms() {
    local bin=$1 args=$2
    # shellcheck disable=SC2086 # the command's words are split on purpose
    (cd "$empty" && env -u ASP_FUNDING_RATES COLUMNS=100 \
        perf stat -x, -r "$runs" -e task-clock "$bin" $args 2>&1 >/dev/null) |
        awk -F, '$3 == "task-clock" { printf "%.3f", $1 }'
}

empty=$(mktemp -d)
trap 'rmdir "$empty"' EXIT

declare -A total
for ((round = 1; round <= rounds; round++)); do
    for bin in "${binaries[@]}"; do
        for args in "${commands[@]}"; do
            ms=$(cpu_ms "$bin" "$args")
            key="$bin|$args"
            total[$key]=$(awk -v a="${total[$key]:-0}" -v b="$ms" 'BEGIN { print a + b }')
        done
    done
done

echo "CPU time (task-clock), mean of $rounds rounds of $runs runs, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for bin in "${binaries[@]}"; do
    echo "binary: $bin"
    version=$(awk -v t="${total[$bin|--version]}" -v n="$rounds" 'BEGIN { print t / n }')
    for args in "${commands[@]}"; do
        awk -v t="${total[$bin|$args]}" -v n="$rounds" -v v="$version" -v c="asp-funding $args" \
            'BEGIN { printf "  %-62s %6.3f ms  %5.2f x --version\n", c, t / n, (t / n) / v }'
    done
done
