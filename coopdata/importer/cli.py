"""`python -m coopdata import FILE` and `python -m coopdata validate FILE`: the page's report, as text.

Exit codes: 0 the file is valid (and, for import, stored), 1 validation errors (nothing stored),
2 the file (or the public data it is checked against) cannot be read at all, 3 the file is valid but the
import folder cannot be written (read-only, full, no permission): nothing stored, the database in use unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coopdata.importer.store import ImportStore, StoreWriteError
from coopdata.importer.validate import ImportResult, Reference, validate
from coopdata.load import DataFileError

OK, INVALID, UNREADABLE, NOT_STORED = 0, 1, 2, 3


def check_file(path: Path, reference: Reference) -> ImportResult | None:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        print(f"'{path}' cannot be opened: {exc.strerror or exc}", file=sys.stderr)
        return None
    return validate(data, Path(path).name, reference)


def main(args) -> int:
    try:
        reference = Reference.load()
    except DataFileError as exc:
        print(f"the public data cannot be loaded: {exc}", file=sys.stderr)
        return UNREADABLE
    result = check_file(args.file, reference)
    if result is None:
        return UNREADABLE
    print(f"{result.filename}: {result.rows_read:,} action row(s) read")
    print(result.report.to_text())
    if not result.readable:
        return UNREADABLE
    if not result.ok:
        print("\nNothing was imported: fix the errors above and try again.")
        return INVALID
    if args.command == "import":
        store = ImportStore(args.store)
        try:
            meta = store.save(result.actions, result.filename, result.sha256)
        except StoreWriteError as exc:
            print(f"\nNothing was imported: {exc}", file=sys.stderr)
            return NOT_STORED
        print(f"\nImported {meta['rows']:,} action rows for {meta['programmes']:,} programmes "
              f"(database {meta['version']}).")
    else:
        print("\nThe file is valid; `python -m coopdata import` would store it.")
    return OK
