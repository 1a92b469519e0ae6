#!/usr/bin/env bash
# The distinct-rows benchmark (issue 17): rows that almost never price alike (a scenario sweep,
# benches/batch/gen_distinct.py), `asp-funding batch` against DuckDB doing the same per-row formula
# (benches/batch/duckdb_distinct.py), interleaved RUNS times, wall time and peak RSS from
# /usr/bin/time; the outputs are checked equal on every row, and the ratios printed from the medians.
#
#   bash benches/batch/distinct.sh        ROWS=1000000 RUNS=5 by default
#   ASP=path/to/asp-funding               times that binary, without building
#   BEFORE=path/to/asp-funding            also times that (earlier) binary, its output checked equal
set -euo pipefail
cd "$(dirname "$0")/../.."

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-5}
BENCH=target/bench
VENV=target/bench-venv
PY=$VENV/bin/python
ASP=${ASP:-}
BEFORE=${BEFORE:-}
IN=$BENCH/distinct-$ROWS.csv
mkdir -p "$BENCH"
if [ -z "$ASP" ]; then
    cargo build --release --quiet
    ASP=target/release/asp-funding
fi
[ -x "$PY" ] || python3 -m venv "$VENV"
"$PY" -c 'import duckdb' 2>/dev/null || "$VENV/bin/pip" install --quiet duckdb
[ -f "$IN" ] || "$PY" benches/batch/gen_distinct.py --rows "$ROWS" "$IN"
export ASP_FUNDING_TODAY=2026-11-22

RESULTS=$BENCH/distinct.tsv
: >"$RESULTS"
measure() {
    local name=$1 rc=0 secs kib
    shift
    /usr/bin/time -o "$BENCH/time.txt" -f '%e %M' "$@" >/dev/null 2>"$BENCH/$name.stderr" || rc=$?
    [ "$rc" -le 1 ] || { echo "$name: exit status $rc, see $BENCH/$name.stderr" >&2; exit 1; }
    read -r secs kib < <(tail -n 1 "$BENCH/time.txt")
    printf '%s\t%s\t%s\n' "$name" "$secs" "$kib" >>"$RESULTS"
    echo "$name run $RUN/$RUNS: ${secs} s, $((kib / 1024)) MiB" >&2
}
COLS=id,ars_monthly,ars_total,status
for ((RUN = 1; RUN <= RUNS; RUN++)); do
    measure asp4 "$ASP" batch "$IN" -f csv --columns "$COLS" -o "$BENCH/distinct-asp4.csv"
    [ -z "$BEFORE" ] || measure before4 "$BEFORE" batch "$IN" -f csv --columns "$COLS" -o "$BENCH/distinct-before4.csv"
    measure duckdb "$PY" benches/batch/duckdb_distinct.py "$IN" "$BENCH/distinct-duckdb.csv"
    measure aspall "$ASP" batch "$IN" -f csv -o "$BENCH/distinct-aspall.csv"
done

"$PY" - "$BENCH" "$ROWS" "$BEFORE" <<'PY'
import csv, statistics, sys, os
bench, rows, before = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def read(name):
    with open(f"{bench}/{name}", newline="") as f:
        return [(r["id"], r["ars_monthly"], r["ars_total"], r["status"]) for r in csv.DictReader(f)]
asp = read("distinct-asp4.csv")
duck = read("distinct-duckdb.csv")
assert len(asp) == len(duck) == rows, (len(asp), len(duck))
assert asp == duck, next((a, d) for a, d in zip(asp, duck) if a != d)
if before:
    assert read("distinct-before4.csv") == asp
print(f"outputs equal on all {rows} rows; {len(set(r[1:3] for r in asp))} distinct (monthly, total) pairs")
times, rss = {}, {}
for line in open(f"{bench}/distinct.tsv"):
    name, secs, kib = line.split()
    times.setdefault(name, []).append(float(secs))
    rss.setdefault(name, []).append(int(kib))
med = {k: statistics.median(v) for k, v in times.items()}
for k in med:
    print(f"{k:8} median {med[k]:.2f} s  peak RSS {max(rss[k]) / 1024:.0f} MiB  ({len(times[k])} runs)")
print(f"asp4 / duckdb = {med['asp4'] / med['duckdb']:.2f}")
print(f"aspall / asp4 = {med['aspall'] / med['asp4']:.2f}")
print(f"all columns: {os.path.getsize(f'{bench}/distinct-aspall.csv') / rows:.0f} bytes a row")
if before:
    print(f"before4 / duckdb = {med['before4'] / med['duckdb']:.2f}")
PY
