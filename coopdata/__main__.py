"""Command line: `python -m coopdata build|import|validate ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coopdata")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="turn the public sources into the tables under data/")
    src = b.add_mutually_exclusive_group()
    src.add_argument("--mirror", type=Path, help="folder laid out like shared/data (raw/, nuts/)")
    src.add_argument("--download", action="store_true", help="fetch the sources from the official endpoints")
    b.add_argument("--out", type=Path, default=None, help="target folder (default: data/)")
    for name in ("import", "validate"):
        p = sub.add_parser(name, help=f"{name} a programme-database workbook (xlsx or csv)")
        p.add_argument("file", type=Path)
        p.add_argument("--store", type=Path, default=None, help="folder of imported databases")
        p.add_argument("--map", action="append", default=[], metavar='"THEIR COLUMN=TEMPLATE COLUMN"',
                       help="which of the file's columns holds a template column (repeatable)")
        p.add_argument("--mapping", default=None, metavar="NAME", help="a column mapping saved on the Import page")
    args = parser.parse_args(argv)

    if args.command == "build":
        from coopdata.build import BuildError, build
        from coopdata.sources.common import SourceError

        try:
            man = build(args.out, mirror=args.mirror, download=args.download)
        except (SourceError, BuildError) as exc:
            print(f"build failed: {exc}", file=sys.stderr)
            print("the previous data/ was left untouched", file=sys.stderr)
            return 2
        for name, t in man["tables"].items():
            print(f"  {name:<14} {t['rows']:>8,} rows")
        print(man["coverage"]["finances_2021_2027_note"])
        return 0
    from coopdata.importer import cli  # the import feature owns its command

    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main())
