#!/usr/bin/env python3
"""The batch benchmark's plain-Python side: the Nouvelle-Aquitaine formula on every row, streaming,
with the standard library's csv and decimal modules.

    python3 benches/batch/plain_python.py INPUT.csv OUTPUT.csv

Known simplification of the comparison: every row gets the Nouvelle-Aquitaine 2026 formula, whatever
its region, share, start date or working pattern; asp-funding does the real per-row work. The
monthly figure is computed again for every row, as a per-row calculator would.
"""

import csv
import sys
from decimal import ROUND_HALF_UP, Decimal

ANNUAL, IESPE, PET = Decimal("33643.13"), Decimal("1010"), Decimal("700")
LOADED, SHARE, CENT = Decimal("1.44"), Decimal("0.5"), Decimal("0.01")


def ars_monthly():
    # (annual base / 12 + IESPE + PET) x (1 + 44 % charges) x 50 % share, rounded half up to the cent
    return ((ANNUAL / 12 + IESPE + PET) * LOADED * SHARE).quantize(CENT, rounding=ROUND_HALF_UP)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plain_python.py INPUT.csv OUTPUT.csv")
    assert (ars_monthly(), ars_monthly() * 24) == (Decimal("3249.79"), Decimal("77994.96"))
    with open(sys.argv[1], encoding="utf-8", newline="") as src, open(
        sys.argv[2], "w", encoding="utf-8", newline=""
    ) as dst:
        out = csv.writer(dst, lineterminator="\n")
        out.writerow(["id", "ars_monthly", "ars_total", "status"])
        rows = csv.reader(src)
        header = next(rows)
        id_col, months_col = header.index("id"), header.index("months")
        for row in rows:
            monthly = ars_monthly()
            out.writerow([row[id_col], monthly, monthly * int(row[months_col]), "ok"])


if __name__ == "__main__":
    main()
