"""The data validated and typed once for a whole class: `python -m helpers.data.shared_cache FOLDER`.

deploy/install.sh runs it as root when it installs the course for a hub; every student's kernel then
reads the verdict and the snapshot from FOLDER (env CAUCASUS_SHARED_CACHE, `data.shared_cache_dir`)
instead of validating and building its own, which a kernel believes only while root (or the user)
owns them and no one else can write them (`data.trusted`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import data


def write(folder: Path) -> Path:
    """Validate data/ and write its verdict and snapshot to `folder` for every user to read (0755
    folder, 0644 files). Raises DataError if the data are broken. Returns the snapshot's path."""
    data.check_files()
    stamp = data.fingerprint()
    built = data.build()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    for old in [*folder.glob("valid-*"), *folder.glob("tables-*.json")]:
        old.unlink()  # an earlier install's
    marker, path = folder / f"valid-{stamp[:32]}", folder / data.snapshot_name(stamp)
    marker.write_text("data/ passed validation\n", encoding="utf-8")
    path.write_bytes(data.encode(built, stamp))
    for written in (marker, path):
        written.chmod(0o644)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: write the shared cache to FOLDER; exit 1 naming every problem of broken data."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m helpers.data.shared_cache FOLDER", file=sys.stderr)
        return 2
    try:
        print(f"data OK; shared snapshot {write(Path(args[0]))}")
    except data.DataError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
