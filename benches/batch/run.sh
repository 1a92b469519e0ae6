#!/usr/bin/env bash
# Whole-process benchmark: `asp-funding batch` against DuckDB and a plain Python script on one
# generated CSV, each run RUNS times, wall time and peak RSS from /usr/bin/time, ratios to (a).
#
#   bash benches/batch/run.sh            ROWS=1000000 RUNS=3 by default
#   SKIP_ASP=1 bash benches/batch/run.sh leaves asp-funding (and the cargo build) out
#   ASP=path/to/asp-funding              times that binary, without building
#   BEFORE=path/to/asp-funding           also times that (earlier) binary in the same run, and
#                                        checks that its outputs are byte for byte the same
#
# Known simplification: DuckDB and Python apply the Nouvelle-Aquitaine formula to every row, whatever
# its region; asp-funding does the real per-row work (rule sets, PET tiers, dates, custom regions).
# So DuckDB and Python are checked against each other on the Nouvelle-Aquitaine rows only, and
# asp-funding against them on those rows too (a warning, not a failure).
set -euo pipefail
cd "$(dirname "$0")/../.."

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
SKIP_ASP=${SKIP_ASP:-0}
BENCH=target/bench
VENV=target/bench-venv
PY=$VENV/bin/python
ASP=${ASP:-}
BEFORE=${BEFORE:-}
IN=$BENCH/rows.csv
mkdir -p "$BENCH"

if [ "$SKIP_ASP" != 1 ]; then
    if [ -z "$ASP" ]; then
        cargo build --release
        ASP=target/release/asp-funding
    fi
    if ! "$ASP" batch --help >/dev/null 2>&1; then
        echo "note: $ASP has no batch subcommand yet: asp-funding left out" >&2
        SKIP_ASP=1
    fi
fi

[ -x "$PY" ] || python3 -m venv "$VENV"
"$PY" -c 'import duckdb' 2>/dev/null || "$VENV/bin/pip" install --quiet duckdb

if [ ! -f "$IN" ] || [ "$(($(wc -l <"$IN") - 1))" != "$ROWS" ]; then
    echo "generating $ROWS rows into $IN" >&2
    "$PY" benches/batch/gen.py --rows "$ROWS" "$IN"
fi

RESULTS=$BENCH/results.tsv
: >"$RESULTS"
rm -f "$BENCH"/out-*.csv "$BENCH"/before-*.csv "$BENCH"/*.stderr # no stale output from an earlier run gets checked

# measure NAME OK_STATUSES CMD...: runs CMD once (run $RUN of $RUNS), appends "NAME seconds KiB"
# to $RESULTS. An exit status outside OK_STATUSES stops the script (its stderr is kept in
# $BENCH/NAME.stderr).
measure() {
    local name=$1 ok=$2 rc secs kib
    shift 2
    rc=0
    /usr/bin/time -o "$BENCH/time.txt" -f '%e %M' "$@" >/dev/null 2>"$BENCH/$name.stderr" || rc=$?
    case " $ok " in
        *" $rc "*) ;;
        *) echo "$name: exit status $rc, see $BENCH/$name.stderr" >&2 && exit 1 ;;
    esac
    # GNU time writes "Command exited with non-zero status N" first when N != 0
    read -r secs kib < <(tail -n 1 "$BENCH/time.txt")
    printf '%s\t%s\t%s\n' "$name" "$secs" "$kib" >>"$RESULTS"
    echo "$name run $RUN/$RUNS: ${secs} s, $((kib / 1024)) MiB" >&2
}

# Each run times every command in turn, so that a busy spell of a shared machine weighs on all.
for ((RUN = 1; RUN <= RUNS; RUN++)); do
    # asp-funding batch exits 1 when some rows are in error: both 0 and 1 are a completed run.
    if [ "$SKIP_ASP" != 1 ]; then
        measure asp4 "0 1" "$ASP" batch "$IN" --format csv --columns id,ars_monthly,ars_total,status \
            --output "$BENCH/out-4cols.csv"
        if [ -n "$BEFORE" ]; then
            measure before4 "0 1" "$BEFORE" batch "$IN" --format csv \
                --columns id,ars_monthly,ars_total,status --output "$BENCH/before-4cols.csv"
        fi
        measure aspall "0 1" "$ASP" batch "$IN" --format csv --output "$BENCH/out-all.csv"
        if [ -n "$BEFORE" ]; then
            measure beforeall "0 1" "$BEFORE" batch "$IN" --format csv --output "$BENCH/before-all.csv"
        fi
    fi
    measure duckdb "0" "$PY" benches/batch/duckdb_na.py "$IN" "$BENCH/out-duckdb.csv"
    measure python "0" "$PY" benches/batch/plain_python.py "$IN" "$BENCH/out-python.csv"
done

echo
echo "$(date -u +%FT%TZ) · $(git rev-parse --short HEAD 2>/dev/null || echo '?') · $(nproc) cores," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · $("$PY" --version)," \
    "duckdb $("$PY" -c 'import duckdb; print(duckdb.__version__)') · $ROWS rows × $RUNS runs"
"$PY" - "$RESULTS" "$BENCH" <<'EOF'
import csv, statistics, sys
from collections import defaultdict

results, bench = sys.argv[1], sys.argv[2]
LABELS = {"asp4": "(a) asp-funding 4 cols", "aspall": "(b) asp-funding all cols",
          "duckdb": "(c) DuckDB", "python": "(d) plain Python",
          "before4": "(a0) BEFORE 4 cols", "beforeall": "(b0) BEFORE all cols"}
runs = defaultdict(list)
for name, secs, kib in csv.reader(open(results), delimiter="\t"):
    runs[name].append((float(secs), int(kib)))
rows = sum(1 for _ in open(f"{bench}/rows.csv", encoding="utf-8")) - 1
best = {n: min(s for s, _ in r) for n, r in runs.items()}

print(f"{'command':<26}{'best s':>8}{'median s':>10}{'peak MiB':>10}{'rows/s':>12}{'µs/row':>8}{'÷ (a)':>8}")
for name, label in LABELS.items():
    if name not in runs:
        continue
    secs = [s for s, _ in runs[name]]
    ratio = f"{best[name] / best['asp4']:.2f}×" if best.get("asp4") else "–"
    print(f"{label:<26}{best[name]:>8.2f}{statistics.median(secs):>10.2f}"
          f"{max(k for _, k in runs[name]) / 1024:>10.0f}"
          f"{rows / best[name] if best[name] else float('inf'):>12,.0f}"
          f"{best[name] / rows * 1e6:>8.2f}{ratio:>8}")
if best.get("asp4"):
    print()
    for name in ("aspall", "duckdb", "python", "before4", "beforeall"):
        if name in best:
            print(f"{LABELS[name].split(') ', 1)[1]} / asp-funding 4 cols = {best[name] / best['asp4']:.2f}× (best wall time)")
EOF

echo
# DuckDB and Python must agree on the Nouvelle-Aquitaine rows; asp-funding is compared with them there.
"$PY" - "$BENCH" <<'EOF'
import csv, itertools, sys

bench = sys.argv[1]
KEY = ("id", "ars_monthly", "ars_total", "status")

def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            yield tuple(r.get(k) for k in KEY)

def is_na():
    with open(f"{bench}/rows.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            yield r["region"] == "nouvelle-aquitaine"

def compare(a, b):
    """Nouvelle-Aquitaine rows compared, how many differ, the first few of them, and whether the
    row counts of a, b and the input are equal."""
    n = diff = 0
    examples, same_len = [], True
    for na, x, y in itertools.zip_longest(is_na(), rows(f"{bench}/{a}"), rows(f"{bench}/{b}")):
        if na is None or x is None or y is None:
            same_len = False
            break
        if na:
            n += 1
            if x != y:
                diff += 1
                if len(examples) < 3:
                    examples.append((x, y))
    return n, diff, examples, same_len

failed = False
for a, b, fatal in [("out-duckdb.csv", "out-python.csv", True),
                    ("out-4cols.csv", "out-python.csv", False),
                    ("out-all.csv", "out-python.csv", False)]:
    try:
        n, diff, examples, same_len = compare(a, b)
    except FileNotFoundError:
        continue
    ok = diff == 0 and same_len
    print(f"{a} vs {b}: {n:,} Nouvelle-Aquitaine rows, {diff:,} differ"
          + ("" if same_len else "; not as many rows as the input")
          + ("" if ok else ("  FAILED" if fatal else "  WARNING")))
    for x, y in examples:
        print(f"    {x} != {y}")
    failed |= fatal and not ok
for name in ("out-4cols.csv", "out-all.csv"):
    try:
        statuses = [s for *_, s in rows(f"{bench}/{name}")]
    except FileNotFoundError:
        continue
    print(f"{name}: {statuses.count('ok'):,} rows ok, {statuses.count('error'):,} in error")
for new, old in (("out-4cols.csv", "before-4cols.csv"), ("out-all.csv", "before-all.csv")):
    try:
        with open(f"{bench}/{new}", "rb") as a, open(f"{bench}/{old}", "rb") as b:
            same = all(x == y for x, y in itertools.zip_longest(
                iter(lambda: a.read(1 << 20), b""), iter(lambda: b.read(1 << 20), b"")))
    except FileNotFoundError:
        continue
    print(f"{new} vs {old}: " + ("identical" if same else "DIFFERENT  FAILED"))
    failed |= not same
sys.exit(1 if failed else 0)
EOF
