#!/usr/bin/env bash
# Loading time against file size: `rates validate` on data folders whose IESPE file has
# 1 000 to 60 000 versions (about 0.1 to 6.7 MB). Linear loading keeps µs/version flat.
#
#   bash benches/loader/run.sh          (ASP=path/to/asp-funding to time another binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
ASP=${ASP:-}
if [ -z "$ASP" ]; then
    cargo build --release
    ASP=target/release/asp-funding
fi
OUT=target/bench/loader
mkdir -p "$OUT"
printf '%-9s %10s %9s %10s %9s\n' versions bytes seconds µs/version "peak MiB"
for n in 1000 10000 30000 60000; do
    python3 benches/loader/gen_iespe.py "$n" "$OUT/rates-$n"
    bytes=$(cat "$OUT/rates-$n"/iespe/*.toml | wc -c)
    /usr/bin/time -o "$OUT/time.txt" -f '%e %M' "$ASP" --rates "$OUT/rates-$n" rates validate "$OUT/rates-$n" >/dev/null
    read -r secs kib <"$OUT/time.txt"
    printf '%-9s %10s %9s %10.2f %9s\n' "$n" "$bytes" "$secs" "$(echo "$secs * 1000000 / $n" | bc -l)" "$((kib / 1024))"
done
