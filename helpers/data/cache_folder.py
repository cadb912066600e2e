"""Where helpers.data keeps its cache (validation verdicts, table snapshots, the files' stats) and
whether a file found there may be believed: shared by the loader (helpers.data) and what keeps its
values fresh (helpers.data.freshness), which cannot import the package itself.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def trusted(path: Path) -> bool:
    """Whether a cache file may be believed: it and its folder belong to the user or to root and
    nobody else can write to them (a shared CAUCASUS_CACHE or a cache under /tmp is not; the
    root-owned cache of a course installed for a class is)."""
    if not hasattr(os, "getuid"):  # not POSIX: the user's own profile folder
        return True
    try:
        for st in (os.stat(path.parent), os.lstat(path)):
            if st.st_uid not in (os.getuid(), 0) or st.st_mode & 0o022:
                return False
    except OSError:
        return False
    return stat.S_ISREG(os.lstat(path).st_mode)


def private_dir(folder: Path) -> bool:
    """Create the cache folder for the user alone (0700); False if it is not private and cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = os.stat(folder)
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return False
        if st.st_mode & 0o077:
            os.chmod(folder, 0o700)
        return True
    except OSError:  # read-only or uncreatable: no cache, only slower
        return False


def cache_dir() -> Path | None:
    """Where validation verdicts and table snapshots are kept (env CAUCASUS_CACHE overrides);
    None when there is no home to keep them in (HOME unset and no passwd entry, in a container)."""
    if os.environ.get("CAUCASUS_CACHE"):
        return Path(os.environ["CAUCASUS_CACHE"]).expanduser().absolute()
    import platformdirs

    try:
        folder = Path(platformdirs.user_cache_dir("caucasus1917"))
    except RuntimeError:  # platformdirs: "could not determine the home directory"
        return None
    return folder if folder.is_absolute() else None  # older platformdirs leave "~" unexpanded


def shared_cache_dir() -> Path | None:
    """The read-only cache a class's course ships (env CAUCASUS_SHARED_CACHE, set by the hub's
    deploy/course_config.py): a validation verdict and a snapshot built once, as root, at install
    (helpers.data.shared_cache)."""
    folder = os.environ.get("CAUCASUS_SHARED_CACHE")
    return Path(folder).absolute() if folder else None
