"""Databases caseroom cannot use, found on opening (issue 17): each one plain sentence as
a StoreError, never a traceback (TRAPS.md: the engine used to be built outside the guard)."""

from __future__ import annotations

import socket
import sys
from typing import Any

import pytest

from tui.store import (
    ConnectionFailedError,
    Store,
    StoreError,
    UnsupportedDatabaseError,
)


def one_sentence(error: StoreError) -> str:
    message = error.user_message
    assert "\n" not in message and "Traceback" not in message
    return message


def test_an_unknown_scheme_is_not_supported() -> None:
    with pytest.raises(UnsupportedDatabaseError) as caught:
        Store.open("garbage://x")
    assert "does not support the database scheme garbage://" in one_sentence(caught.value)


def test_a_url_of_a_driver_not_installed_names_what_to_install() -> None:
    with pytest.raises(UnsupportedDatabaseError) as caught:
        Store.open("mysql+pymysql://someone@localhost/db")
    assert "pip install PyMySQL" in one_sentence(caught.value)


def test_postgres_without_psycopg_says_to_install_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    for url in ("postgresql+psycopg://me@localhost/db", "postgresql://me@localhost/db"):
        with pytest.raises(UnsupportedDatabaseError) as caught:
            Store.open(url)
        assert "pip install 'caseroom[postgres]'" in one_sentence(caught.value)


def test_a_refused_connection_says_the_server_cannot_be_reached() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectionFailedError) as caught:
        Store.open(f"postgresql+psycopg://me:secret@127.0.0.1:{port}/db")
    message = one_sentence(caught.value)
    assert "cannot reach the database server" in message
    assert "secret" not in str(caught.value)


def test_an_unknown_database_says_so(postgres_server: Any) -> None:
    with pytest.raises(ConnectionFailedError) as caught:
        Store.open(postgres_server.url(database="no_such_db"))
    assert "no such database" in one_sentence(caught.value)


def test_an_unknown_role_says_so(postgres_server: Any) -> None:
    with pytest.raises(ConnectionFailedError) as caught:
        Store.open(postgres_server.url(user="nobody_here"))
    assert "does not know that user" in one_sentence(caught.value)
