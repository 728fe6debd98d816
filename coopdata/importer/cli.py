"""`python -m coopdata import FILE` and `python -m coopdata validate FILE`: the page's report, as text.

Exit codes: 0 the file is valid (and, for import, stored), 1 validation errors (nothing stored),
2 the file (or the public data it is checked against) cannot be read at all, or a `--map` / `--mapping` cannot be
understood, 3 the file is valid but the store cannot be written (read-only, full, no permission, database server
down): nothing stored, the database in use unchanged.

`--map "Their column=Template column"` (repeatable) says which of the file's columns holds a template column;
`--mapping NAME` starts from a mapping saved on the Import page (`--map` wins over it). The command line is an
operator's tool: an import is recorded as made by the operating-system user who ran it.
"""

from __future__ import annotations

import getpass
import sys
from dataclasses import asdict
from pathlib import Path

from coopdata.importer.columns import MappingError, parse_map
from coopdata.importer.store import ImportStore, StoreError, StoreWriteError
from coopdata.importer.validate import ImportResult, Reference, validate
from coopdata.load import DataFileError

OK, INVALID, UNREADABLE, NOT_STORED = 0, 1, 2, 3


def check_file(path: Path, reference: Reference, mapping: dict[str, str] | None = None) -> ImportResult | None:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        print(f"'{path}' cannot be opened: {exc.strerror or exc}", file=sys.stderr)
        return None
    return validate(data, Path(path).name, reference, mapping)


def operator() -> str:
    """Who runs the command: the operating-system user (recorded with the version)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (a container)
        return "command line"


def main(args) -> int:
    store = ImportStore(getattr(args, "store", None))
    try:
        mapping = dict(store.mappings().get(args.mapping) or {}) if getattr(args, "mapping", None) else {}
        if getattr(args, "mapping", None) and not mapping:
            raise MappingError(f"no saved mapping named '{args.mapping}'; saved: "
                               + (", ".join(f"'{n}'" for n in store.mappings()) or "none"))
        mapping |= parse_map(getattr(args, "map", None) or [])
    except MappingError as exc:
        print(f"--map: {exc}", file=sys.stderr)
        return UNREADABLE
    except StoreError as exc:
        print(f"the saved mappings cannot be read: {exc}", file=sys.stderr)
        return UNREADABLE
    try:
        reference = Reference.load()
    except DataFileError as exc:
        print(f"the public data cannot be loaded: {exc}", file=sys.stderr)
        return UNREADABLE
    result = check_file(args.file, reference, mapping or None)
    if result is None:
        return UNREADABLE
    missing = [h for h in mapping.values() if result.readable and result.headers and h not in result.headers]
    if missing:
        print("--map: the file has no column " + ", ".join(f"'{h}'" for h in missing) + "; its columns are: "
              + ", ".join(f"'{h}'" for h in result.headers), file=sys.stderr)
        return UNREADABLE
    print(f"{result.filename}: {result.rows_read:,} action row(s) read")
    print(result.report.to_text())
    if not result.readable:
        return UNREADABLE
    if not result.ok:
        print("\nNothing was imported: fix the errors above and try again.")
        return INVALID
    if args.command == "import":
        try:
            meta = store.save(result.actions, result.filename, result.sha256, who=operator(),
                              report=[asdict(p) for p in result.report.problems])
        except StoreWriteError as exc:
            print(f"\nNothing was imported: {exc}", file=sys.stderr)
            return NOT_STORED
        print(f"\nImported {meta['rows']:,} action rows for {meta['programmes']:,} programmes "
              f"(database version {meta['version']}, by {meta['who']}).")
    else:
        print("\nThe file is valid; `python -m coopdata import` would store it.")
    return OK
