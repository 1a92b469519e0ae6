#!/usr/bin/env python3
"""Deterministic input for the batch benchmark: N posts as CSV (stdlib only, fixed seed).

    python3 benches/batch/gen.py [--rows N] [--seed S] OUTPUT.csv

About 60 % of the rows are Nouvelle-Aquitaine posts (the region's rule set: 12 or 24 months from one
of its four start dates, PET fixed at 700 whatever the pattern). The other 40 % are regions with no
published rule set, computed with a `share`, on about 200 different start days in 2026-2027, for
1 to 24 months, with either a working pattern (PET from its tier) or a fixed `pet_amount`.
"""

import argparse
import datetime
import random

HEADER = "id,region,post_type,start,months,half_days,sites,distance_km,share,pet_amount"

NA_STARTS = ["2026-11-01", "2026-11-15", "2027-05-01", "2027-05-10"]
NA_PATTERNS = [("4", "1", "35"), ("2", "1", "25"), ("5", "2", "60")]
CUSTOM_REGIONS = ["bretagne", "occitanie", "Île-de-France", "hauts-de-france", "grand-est"]
SHARES = ["50%", "60%", "0.4"]
HALF_DAYS = ["1", "2", "3", "3.5", "4", "5"]
SITES = ["1", "2"]
DISTANCES = ["10", "25", "40"]
PET_AMOUNTS = ["250", "450", "700", "1000"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20261101)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    first = datetime.date(2026, 1, 1)
    days = (datetime.date(2027, 12, 31) - first).days + 1
    custom_starts = [
        (first + datetime.timedelta(days=d)).isoformat() for d in sorted(rng.sample(range(days), 200))
    ]

    with open(args.output, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\n")
        for i in range(1, args.rows + 1):
            if rng.random() < 0.6:
                region, share, pet = "nouvelle-aquitaine", "", ""
                start = rng.choice(NA_STARTS)
                months = rng.choice(("12", "24"))
                half_days, sites, km = rng.choice(NA_PATTERNS) if rng.random() < 0.3 else ("", "", "")
            else:
                region, share = rng.choice(CUSTOM_REGIONS), rng.choice(SHARES)
                start = rng.choice(custom_starts)
                months = str(rng.randint(1, 24))
                if rng.random() < 0.7:
                    half_days, sites, km = rng.choice(HALF_DAYS), rng.choice(SITES), rng.choice(DISTANCES)
                    pet = ""
                else:
                    half_days, sites, km = "", "", ""
                    pet = rng.choice(PET_AMOUNTS)
            out.write(
                f"P{i:07d},{region},inter-hospital,{start},{months},{half_days},{sites},{km},{share},{pet}\n"
            )


if __name__ == "__main__":
    main()
