"""What can go wrong in the store, in plain words, and how driver errors become those words.

`StoreError` and its subclasses are what callers catch: each carries a `user_message` a
person can read. `translate_driver_error` and `translate_os_error` turn a SQLite (or other
driver) error and a file-system error into the right subclass, naming the database `where`.
"""

from __future__ import annotations

import errno

# SQLite primary result codes (the low byte of an extended code).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


class StoreError(Exception):
    """Something went wrong in the store; `user_message` says what, for a person to read."""

    def __init__(self, user_message: str, *, detail: str = "") -> None:
        super().__init__(f"{user_message} ({detail})" if detail else user_message)
        self.user_message = user_message
        self.detail = detail


class DatabaseLockedError(StoreError):
    """Another program held the database for longer than the busy timeout."""


class DiskFullError(StoreError):
    """The disk (or the database's size limit) is full; the write did not happen."""


class ReadOnlyError(StoreError):
    """The database file or its folder cannot be written."""


class CorruptDatabaseError(StoreError):
    """The file is not a SQLite database, or is damaged."""


class ForeignDatabaseError(StoreError):
    """The file is a SQLite database, but another program's, not caseroom's."""


class NewerSchemaError(StoreError):
    """The database was written by a newer caseroom; this one leaves it untouched."""

    def __init__(self, user_message: str, *, found: int, supported: int) -> None:
        super().__init__(user_message, detail=f"schema {found} > {supported}")
        self.found = found
        self.supported = supported


class UpgradeError(StoreError):
    """An upgrade step failed; the database was left at its old version."""


class NotFoundError(StoreError):
    """No attempt (or round run) has that id."""


class ConnectionFailedError(StoreError):
    """The database server could not be reached, or refused the login or the database."""


class UnsupportedDatabaseError(StoreError):
    """The URL names a database caseroom has no driver for (not installed, or unknown)."""


class PermissionDeniedError(StoreError):
    """The server refused the statement: the connected role may not do that."""


class AttemptClosedError(StoreError):
    """The attempt was already submitted or abandoned, so it takes no more draft saves."""


def sqlite_primary_code(error: BaseException | None) -> int:
    """The primary SQLite result code of a driver error, or -1 when it carries none."""
    code = int(getattr(error, "sqlite_errorcode", -1))
    return code & 0xFF if code >= 0 else -1


#: The package to install for each SQLAlchemy driver name caseroom knows.
DRIVER_PACKAGES = {
    "psycopg": "pip install 'caseroom[postgres]'",
    "psycopg2": "pip install psycopg2-binary (or use postgresql+psycopg:// with "
    "pip install 'caseroom[postgres]')",
    "pymysql": "pip install PyMySQL",
    "mysqldb": "pip install mysqlclient",
}

#: SQLAlchemy's default driver for a URL that names none (2.1: postgresql:// is psycopg).
_DEFAULT_DRIVERS = {"postgresql": "psycopg", "mysql": "mysqldb"}


def unknown_url_error(url: str, exc: BaseException) -> StoreError:
    """A plain sentence for a URL no engine can be built for: which driver to install, or
    that the scheme is not supported. The password, if any, is not repeated."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    backend, _, driver = scheme.partition("+")
    if isinstance(exc, ImportError):
        driver = driver or _DEFAULT_DRIVERS.get(backend, getattr(exc, "name", "") or "")
        how = DRIVER_PACKAGES.get(driver, f"install the Python package {driver!r}")
        return UnsupportedDatabaseError(
            f"The database driver for {scheme}:// ({driver}) is not installed: {how}.",
            detail=str(exc),
        )
    if not scheme:
        return UnsupportedDatabaseError(
            "The database URL is not one caseroom can read: give a file path, "
            "sqlite:///FILE or postgresql+psycopg://USER@HOST/DB.",
            detail=str(exc),
        )
    return UnsupportedDatabaseError(
        f"caseroom does not support the database scheme {scheme}://: use a file path, "
        "sqlite:///FILE or postgresql+psycopg://USER@HOST/DB.",
        detail=str(exc),
    )


def _server_error(sqlstate: str, detail: str, where: str) -> StoreError | None:
    """A typed error for a database server's refusal (PostgreSQL), or None."""
    lowered = detail.lower()
    if sqlstate == "28P01" or "password authentication failed" in lowered:
        return ConnectionFailedError(
            f"The server at {where} refused the login: wrong user name or password.",
            detail=detail,
        )
    if sqlstate == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return ConnectionFailedError(
            f"The server at {where} has no such database: check the name after the last "
            "slash of --db.",
            detail=detail,
        )
    if sqlstate == "28000" or ("role" in lowered and "does not exist" in lowered):
        return ConnectionFailedError(
            f"The server at {where} does not know that user: ask the cohort's owner to "
            "run caseroom cohort add-person.",
            detail=detail,
        )
    if (
        "connection refused" in lowered
        or "could not connect" in lowered
        or ("connection" in lowered and "failed" in lowered)
    ):
        return ConnectionFailedError(
            f"caseroom cannot reach the database server at {where}: check that it runs "
            "and that host and port in --db are right.",
            detail=detail,
        )
    if sqlstate == "42501" or "row-level security" in lowered or "permission denied" in lowered:
        return PermissionDeniedError(
            f"The server at {where} refused this: your role may not change that data.",
            detail=detail,
        )
    return None


def translate_driver_error(orig: BaseException | None, detail: str, where: str) -> StoreError:
    """A typed error for a database driver error on the database `where`."""
    refused = _server_error(str(getattr(orig, "sqlstate", "") or ""), detail, where)
    if refused is not None and sqlite_primary_code(orig) < 0:
        return refused
    primary = sqlite_primary_code(orig)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in detail:
        return DatabaseLockedError(
            f"{where} is busy: another caseroom window or program kept it locked. "
            "Nothing was saved this time; try again in a moment.",
            detail=detail,
        )
    if primary == SQLITE_FULL or "disk is full" in detail:
        return DiskFullError(
            f"The disk holding {where} is full. Nothing was saved this time, and what "
            "was saved before is safe; free some space and try again.",
            detail=detail,
        )
    if primary in (SQLITE_READONLY, SQLITE_PERM) or "readonly" in detail:
        return ReadOnlyError(
            f"caseroom cannot write to {where}: the file or its folder is read-only. "
            "Fix its permissions, or start caseroom with --db pointing somewhere "
            "writable.",
            detail=detail,
        )
    if primary in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return CorruptDatabaseError(
            f"{where} is not a caseroom database, or it is damaged. caseroom left it "
            "untouched: move it aside (or use --db) to start a fresh history.",
            detail=detail,
        )
    if primary == SQLITE_CANTOPEN:
        return ReadOnlyError(
            f"caseroom cannot open {where}: check that its folder exists and can be "
            "written, or start caseroom with --db pointing somewhere else.",
            detail=detail,
        )
    return StoreError(f"The database {where} reported an error.", detail=detail)


def translate_os_error(exc: OSError, where: str) -> StoreError:
    """A typed error for a file-system error (creating the database folder)."""
    if exc.errno == errno.ENOSPC:
        return DiskFullError(
            f"The disk holding {where} is full; free some space and try again.",
            detail=str(exc),
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReadOnlyError(
            f"caseroom cannot create {where}: its folder is read-only. Start "
            "caseroom with --db pointing somewhere writable.",
            detail=str(exc),
        )
    return StoreError(f"caseroom cannot reach {where}.", detail=str(exc))
