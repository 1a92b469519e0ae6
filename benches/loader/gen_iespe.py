#!/usr/bin/env python3
"""A data folder whose IESPE file has N versions, one a day from 1900-01-01 (stdlib only).

    python3 benches/loader/gen_iespe.py N FOLDER

Copies the repository's rates/ into FOLDER and replaces rates/iespe/ with one file of N
versions, for timing the loader on a large file (benches/loader/run.sh).
"""

import datetime
import pathlib
import shutil
import sys


def main():
    n, folder = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    repo = pathlib.Path(__file__).resolve().parents[2]
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(repo / "rates", folder)
    for old in (folder / "iespe").glob("*.toml"):
        old.unlink()
    first = datetime.date(2023, 7, 1) - datetime.timedelta(days=n - 1)
    lines = ['unit = "EUR per month"\n']
    for i in range(n):
        day = first + datetime.timedelta(days=i)
        lines.append(
            f'\n[[versions]]\nfrom = {day.isoformat()}\nsource = "arrete-2022-07-08-annexe-v-2023"\n'
            f'note = "generated version {i}"\nmonthly = "{1010 if i == n - 1 else 1000 + i % 10}"\n'
        )
    (folder / "iespe" / "generated.toml").write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
