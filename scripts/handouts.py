"""make handouts: printable, offline HTML of every notebook in build/handouts (figures drawn, no answers)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.authoring import handouts

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Write build/handouts/NN_name.html for each notebook (or those named)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "handouts")
    parser.add_argument("--code", action="store_true", help="print the code cells too")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        print("no notebooks found in notebooks/", file=sys.stderr)
        return 1
    stale = [p.name for p in paths if handouts.unexecuted(p)]
    for target, figures in handouts.write_all(paths, args.out, code=args.code):
        shown = target.relative_to(REPO) if target.is_relative_to(REPO) else target
        print(f"wrote {shown} ({figures} figures)")
    if stale:
        print(
            f"warning: not executed, so their handouts lack outputs: {', '.join(stale)}; "
            "run `make notebooks` first",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
