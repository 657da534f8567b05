"""Which running caseroom is writing which draft: a lease per attempt, held as a lock.

Two caseroom windows on one database must never write into the same attempt (the last
writer would silently replace the other's text). The window that starts or resumes a draft
takes its lease: an exclusive `flock` on `<id>.lock` in a `leases` folder beside the
database (for a database that is not a local file: in the user data folder, keyed by the
URL). The lock belongs to the open file, so the operating system releases it the moment
the process ends, however it ends (SIGKILL included): a lease never outlives its editor
and there is nothing to time out or clean up.

- A draft whose lease another process holds is not offered as "unfinished"
  (`held_elsewhere`), and resuming it (from history) fails to `take` it: that window's
  text goes into a new attempt of its own instead.
- Leases only reach processes on one machine (flock does not cross a network database).
  Where the lock folder cannot be written (a read-only database), no lease can be taken
  and none is needed: nothing can be saved there anyway, so `take` says yes.

Plain Python (fcntl), no Textual: tested with two real processes.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from pathlib import Path
from urllib.parse import unquote

from tui.paths import sqlite_path, user_data_dir

_lock = threading.Lock()
#: The leases this process holds: (folder, attempt id) -> the locked file's descriptor.
_held: dict[tuple[Path, int], int] = {}


def lease_dir(db_url: str) -> Path:
    """The folder holding the lease files of the database at `db_url`."""
    path = sqlite_path(db_url)
    if path is not None and path.parts and path.parts[0] == "file:":  # a read-only URI
        path = Path(unquote(str(path).removeprefix("file:")))
    if path is not None:
        return path.parent / "leases" / path.name
    digest = hashlib.sha256(db_url.encode()).hexdigest()[:16]
    return user_data_dir() / "leases" / digest


def _lock_file(db_url: str, attempt_id: int) -> Path:
    return lease_dir(db_url) / f"{int(attempt_id)}.lock"


def take(db_url: str, attempt_id: int) -> bool:
    """Take the lease of `attempt_id` for this process: False if another holds it.

    Taking a lease this process holds already is a yes. Where no lock file can be made
    (a read-only folder) the answer is yes too: see the module's docstring.
    """
    key = (lease_dir(db_url), int(attempt_id))
    with _lock:
        if key in _held:
            return True
        try:
            key[0].mkdir(parents=True, exist_ok=True)
            fd = os.open(_lock_file(db_url, attempt_id), os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        _held[key] = fd
        return True


def release(db_url: str, attempt_id: int) -> None:
    """Give the lease of `attempt_id` back (harmless if this process does not hold it)."""
    with _lock:
        fd = _held.pop((lease_dir(db_url), int(attempt_id)), None)
    if fd is not None:
        os.close(fd)  # closing the file drops the lock; the empty file may stay


def held_elsewhere(db_url: str, attempt_ids: list[int]) -> set[int]:
    """Those of `attempt_ids` whose lease another running process holds right now."""
    folder = lease_dir(db_url)
    busy: set[int] = set()
    for attempt_id in attempt_ids:
        if (folder, attempt_id) in _held:
            continue
        try:
            fd = os.open(_lock_file(db_url, attempt_id), os.O_RDONLY)
        except OSError:
            continue  # no lock file: nobody ever leased it (or it cannot be read)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            busy.add(attempt_id)
        finally:
            os.close(fd)  # also drops the shared lock just taken
    return busy
