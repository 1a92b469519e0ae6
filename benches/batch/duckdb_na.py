#!/usr/bin/env python3
"""The batch benchmark's DuckDB side: the Nouvelle-Aquitaine formula on every row, in DECIMAL.

    python benches/batch/duckdb_na.py INPUT.csv OUTPUT.csv

Known simplification of the comparison: every row gets the Nouvelle-Aquitaine 2026 formula, whatever
its region, share, start date or working pattern; asp-funding does the real per-row work. DuckDB uses
its default number of threads (one per core).
"""

import sys

import duckdb

# DuckDB's `/` always returns a DOUBLE, even for DECIMAL / DECIMAL, so the formula's one division,
# annual / 12, is an integer division of the amount in units of 1e-12 (HUGEINT `//`), scaled back to
# DECIMAL(38,12): truncated at the 12th decimal, every other step exact. (The naive
# `CAST('33643.13' AS DECIMAL(18,6)) / 12` is a float that happens to round to the same cents.)
EXACT_DIV = """
CREATE MACRO exact_div(x, n) AS
    CAST(CAST(CAST(x AS DECIMAL(38,12)) * 1000000000000 AS HUGEINT) // n AS DECIMAL(38,0))
    * CAST('0.000000000001' AS DECIMAL(13,12))
"""

# (annual base / 12 + IESPE 1010 + PET 700) x (1 + 44 % charges) x 50 % share, rounded to the cent
# (DuckDB rounds DECIMAL half away from zero).
ARS_MONTHLY = "ROUND((exact_div(CAST('33643.13' AS DECIMAL(18,2)), 12) + 1010 + 700) * 1.44 * 0.5, 2)"

QUERY = f"""
COPY (
    SELECT id,
           {ARS_MONTHLY} AS ars_monthly,
           {ARS_MONTHLY} * CAST(months AS INTEGER) AS ars_total,
           'ok' AS status
    FROM read_csv(?, header = true, all_varchar = true)
) TO '{{output}}' (FORMAT csv, HEADER true)
"""


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: duckdb_na.py INPUT.csv OUTPUT.csv")
    src, dst = sys.argv[1], sys.argv[2]
    con = duckdb.connect()
    con.execute(EXACT_DIV)
    monthly, total = con.execute(f"SELECT {ARS_MONTHLY}, {ARS_MONTHLY} * 24").fetchone()
    assert (str(monthly), str(total)) == ("3249.79", "77994.96"), (monthly, total)
    # COPY ... TO takes no prepared parameter for its target: quote the path as an SQL literal.
    con.execute(QUERY.format(output=dst.replace("'", "''")), [src])


if __name__ == "__main__":
    main()
