#!/usr/bin/env python3
"""The distinct-rows benchmark's DuckDB side: the same per-row formula as asp-funding, in DECIMAL.

    python benches/batch/duckdb_distinct.py INPUT.csv OUTPUT.csv

For each row: Nouvelle-Aquitaine's reference post (the specialist grid's 1-2 band, IESPE, a PET of
700, charges at 44 %, 50 %) or, elsewhere, the grid's annual amount of the row's band / 12 + IESPE
1 010 + the PET tier of its `half_days` (none under 20 km, as no derogation is given), charges at
44 %, times its share; rounded to the cent half away from zero (DuckDB's ROUND on DECIMAL), times the
months. The amounts are those of rates/ (grid, IESPE and PET of 1 July 2023; the reference charge
rate). It writes `id, ars_monthly, ars_total, status`, as `asp-funding batch --columns` does.
"""

import sys

import duckdb

# DuckDB's `/` returns a DOUBLE even for DECIMAL / DECIMAL: the one division, annual / 12, is done
# on integers in units of 1e-12 and scaled back, exact to the 12th decimal (as in duckdb_na.py).
EXACT_DIV = """
CREATE MACRO exact_div(x, n) AS
    CAST(CAST(CAST(x AS DECIMAL(38,12)) * 1000000000000 AS HUGEINT) // n AS DECIMAL(38,0))
    * CAST('0.000000000001' AS DECIMAL(13,12))
"""

QUERY = """
COPY (
    WITH r AS (
        SELECT id, region, CAST(months AS INTEGER) AS months,
               CAST(replace(share, '%', '') AS DECIMAL(9,4)) * CAST('0.01' AS DECIMAL(3,2)) AS share,
               years,
               CAST(half_days AS INTEGER) AS half_days,
               CAST(distance_km AS INTEGER) AS km
        FROM read_csv(?, header = true, all_varchar = true)
    ),
    priced AS (
        SELECT id, months,
            CASE WHEN region = 'nouvelle-aquitaine' THEN
                ROUND((exact_div(CAST('33643.13' AS DECIMAL(18,2)), 12) + 1010 + 700) * 1.44 * 0.5, 2)
            ELSE
                ROUND((exact_div(CASE years WHEN '1-2' THEN CAST('33643.13' AS DECIMAL(18,2))
                                            WHEN '3-4' THEN CAST('36625.21' AS DECIMAL(18,2))
                                            ELSE CAST('41387.28' AS DECIMAL(18,2)) END, 12)
                       + 1010
                       + CASE WHEN km < 20 OR half_days = 0 THEN 0
                              WHEN half_days = 1 THEN 250
                              WHEN half_days <= 3 THEN 450
                              WHEN half_days <= 4 THEN 700
                              ELSE 1000 END)
                      * 1.44 * share, 2)
            END AS ars_monthly
        FROM r
    )
    SELECT id, ars_monthly, ars_monthly * months AS ars_total, 'ok' AS status FROM priced
) TO '{output}' (FORMAT csv, HEADER true)
"""


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: duckdb_distinct.py INPUT.csv OUTPUT.csv")
    src, dst = sys.argv[1], sys.argv[2]
    con = duckdb.connect()
    con.execute(EXACT_DIV)
    con.execute(QUERY.format(output=dst.replace("'", "''")), [src])


if __name__ == "__main__":
    main()
