#!/usr/bin/env bash
# All columns against four on the distinct-rows benchmark (issue 17: at most 400 bytes a row and
# 2 × the four-column time): `asp-funding batch FILE -f csv` (every column) and `--columns
# id,ars_monthly,ars_total,status`, interleaved RUNS times, wall and CPU time from /usr/bin/time,
# medians, the bytes a row of the all-column output; with BEFORE, the same for an earlier binary
# in the same run, its four-column output checked equal.
#
#   ROWS=100000 RUNS=5 bash benches/batch/all_columns.sh
#   ASP=path/to/asp-funding        times that binary, without building
#   BEFORE=path/to/asp-funding     also times that (earlier) binary
set -euo pipefail
cd "$(dirname "$0")/../.."

ROWS=${ROWS:-100000}
RUNS=${RUNS:-5}
BENCH=target/bench
ASP=${ASP:-}
BEFORE=${BEFORE:-}
IN=$BENCH/distinct-$ROWS.csv
mkdir -p "$BENCH"
if [ -z "$ASP" ]; then
    cargo build --release --quiet
    ASP=target/release/asp-funding
fi
[ -f "$IN" ] || python3 benches/batch/gen_distinct.py --rows "$ROWS" "$IN"
export ASP_FUNDING_TODAY=2026-11-22

RESULTS=$BENCH/all_columns.tsv
: >"$RESULTS"
measure() {
    local name=$1 rc=0
    shift
    /usr/bin/time -o "$BENCH/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>"$BENCH/$name.stderr" || rc=$?
    [ "$rc" -le 1 ] || { echo "$name: exit status $rc, see $BENCH/$name.stderr" >&2; exit 1; }
    printf '%s\t%s\n' "$name" "$(tail -n 1 "$BENCH/time.txt")" >>"$RESULTS"
}
COLS=id,ars_monthly,ars_total,status
for ((RUN = 1; RUN <= RUNS; RUN++)); do
    echo "run $RUN/$RUNS" >&2
    measure after4 "$ASP" batch "$IN" -f csv --columns "$COLS" -o "$BENCH/all-after4.csv"
    measure afterall "$ASP" batch "$IN" -f csv -o "$BENCH/all-afterall.csv"
    if [ -n "$BEFORE" ]; then
        measure before4 "$BEFORE" batch "$IN" -f csv --columns "$COLS" -o "$BENCH/all-before4.csv"
        measure beforeall "$BEFORE" batch "$IN" -f csv -o "$BENCH/all-beforeall.csv"
    fi
done

python3 - "$BENCH" "$ROWS" "$BEFORE" <<'PY'
import os, statistics, sys
bench, rows, before = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if before:
    assert open(f"{bench}/all-before4.csv").read() == open(f"{bench}/all-after4.csv").read()
    print("four-column outputs equal, before and after")
wall, cpu = {}, {}
for line in open(f"{bench}/all_columns.tsv"):
    name, secs, user, system, kib = line.split()
    wall.setdefault(name, []).append(float(secs))
    cpu.setdefault(name, []).append(float(user) + float(system))
med = lambda d: {k: statistics.median(v) for k, v in d.items()}
w, c = med(wall), med(cpu)
for side in ["before", "after"] if before else ["after"]:
    four, every = f"{side}4", f"{side}all"
    size = os.path.getsize(f"{bench}/all-{side}all.csv") / rows
    print(f"{side:6}: four columns {w[four]:.2f} s wall, {c[four]:.2f} s CPU; all columns "
          f"{w[every]:.2f} s wall, {c[every]:.2f} s CPU; all / four = {w[every] / w[four]:.1f} × wall, "
          f"{c[every] / c[four]:.1f} × CPU; {size:.0f} bytes a row")
PY
