"""A throwaway PostgreSQL server for the tests that need a real one (issue 17).

Started from the server binaries on the machine (found through `pg_config --bindir`, never
a hard-coded path), in a temporary folder, on a free local port, TCP on 127.0.0.1 only,
with trust authentication, and stopped at the end. The server refuses to run as root, so
as root it runs as the `postgres` system user (`runuser -u postgres --`).

Where no server binaries are found the tests skip with the reason, except in CI (CI=true),
where a missing server is a failure: CI must run them.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: The superuser the throwaway cluster is made with (the cohort's server owner in tests).
OWNER = "caseroom_owner"
#: The one role that must give its password (scram), so a wrong password can be tested;
#: everyone else is trusted on this throwaway, local-only cluster.
PASSWORD_ROLE = "caseroom_secret"


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    owner: str

    def url(self, user: str | None = None, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{user or self.owner}@{self.host}:{self.port}/{database}"


def server_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None where PostgreSQL is not installed."""
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
    bindir = Path(result.stdout.strip())
    if result.returncode or not (bindir / "initdb").exists() or not (bindir / "pg_ctl").exists():
        return None
    return bindir


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user() -> tuple[list[str], int | None, int | None]:
    """The command prefix to run server binaries with, and the uid/gid owning its files."""
    if os.geteuid() != 0:
        return [], None, None
    user = pwd.getpwnam("postgres")
    return ["runuser", "-u", "postgres", "--"], user.pw_uid, user.pw_gid


@contextlib.contextmanager
def throwaway_server(bindir: Path) -> Iterator[Server]:
    """Start a new cluster; stop it and delete every file of it afterwards."""
    prefix, uid, gid = _as_server_user()
    base = Path(tempfile.mkdtemp(prefix="caseroom-pg-"))
    data = base / "data"
    data.mkdir()
    if uid is not None and gid is not None:
        os.chown(base, uid, gid)
        os.chown(data, uid, gid)
    port = _free_port()
    log = base / "server.log"
    run = [*prefix]
    subprocess.run(
        [
            *run,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            OWNER,
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    hba = data / "pg_hba.conf"
    hba.write_text(f"host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
    )
    started = subprocess.run(
        [
            *run,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(log),
            "-w",
            "-t",
            "60",
            "start",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if started.returncode:
        detail = log.read_text(errors="replace") if log.exists() else started.stderr
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"the throwaway PostgreSQL did not start: {detail[-2000:]}")
    try:
        yield Server("127.0.0.1", port, OWNER)
    finally:
        subprocess.run(
            [*run, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)
