#!/usr/bin/env python3
"""Input for the distinct-rows batch benchmark: N posts of which almost no two price alike
(stdlib only, fixed seed): a scenario sweep, as real million-row files are.

    python3 benches/batch/gen_distinct.py [--rows N] [--seed S] OUTPUT.csv

A quarter are Nouvelle-Aquitaine posts (its reference post: 12 or 24 months from 1 November 2026 or
1 May 2027). The rest are in regions without a rule set (`inter-hospital`), each with its own `share`
to the hundredth of a percent (30.00 % to 100.00 %), a band of years (`1-2`, `3-4`, `5-6`),
`half_days` 0 to 8 and `distance_km` 0 to 60; they start on the first of a month from 2026 to 2029,
for 1 to 24 months.
"""

import argparse
import random

HEADER = "id,region,post_type,start,months,share,years,half_days,distance_km"
CUSTOM_REGIONS = ["bretagne", "occitanie", "ile-de-france", "hauts-de-france", "grand-est"]
NA_STARTS = ["2026-11-01", "2027-05-01"]
BANDS = ["1-2", "3-4", "5-6"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20261129)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with open(args.output, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\n")
        for i in range(1, args.rows + 1):
            if rng.random() < 0.25:
                start = rng.choice(NA_STARTS)
                months = rng.choice((12, 24))
                out.write(f"D{i},nouvelle-aquitaine,,{start},{months},,,,\n")
            else:
                region = rng.choice(CUSTOM_REGIONS)
                start = f"{rng.randint(2026, 2029)}-{rng.randint(1, 12):02d}-01"
                share = rng.randint(3000, 10000)
                out.write(
                    f"D{i},{region},inter-hospital,{start},{rng.randint(1, 24)},"
                    f"{share // 100}.{share % 100:02d}%,{rng.choice(BANDS)},"
                    f"{rng.randint(0, 8)},{rng.randint(0, 60)}\n"
                )


if __name__ == "__main__":
    main()
