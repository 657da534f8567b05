"""Two caseroom processes on one database never write into the same draft: a lease per
attempt (an flock'd file) held by the writing process and dropped by the OS when it dies.

The other process here is real: a Python process that starts a draft through the same
service the practice screen uses and keeps running (holding the lease) until killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.store.test_store_failures import PROMPT, SCAFFOLD
from tui.core.records import AnswerProgress, StepDraft
from tui.services import drafts, leases
from tui.services.drafts import DraftSnapshot
from tui.store import Store

WRITER = """
import sys
from datetime import UTC, datetime
from tests.store.test_store_failures import PROMPT, SCAFFOLD
from tui.core.records import AnswerProgress, StepDraft
from tui.services import drafts
from tui.services.drafts import DraftSnapshot
from tui.store import Store

prompt, scaffold = PROMPT, SCAFFOLD
if len(sys.argv) > 2:  # a prompt of a content folder, as the app would write it
    from pathlib import Path
    from tui.library.loader import load_library

    library = load_library([Path(sys.argv[2])])
    prompt = library.prompts[sys.argv[3]]
    scaffold = library.scaffold_for(prompt)
store = Store.open(sys.argv[1])
attempt_id = drafts.start_attempt(store, prompt, scaffold, 600, now=datetime.now(UTC))
progress = AnswerProgress((StepDraft(0, scaffold.steps[0].title, "A's text"),), elapsed_s=1)
drafts.save_draft(store, DraftSnapshot(attempt_id, progress))
print(attempt_id, flush=True)
sys.stdin.read()  # hold the lease until killed (or stdin closes)
"""


class Writer:
    """Another caseroom process writing one draft, holding its lease."""

    def __init__(self, url: str, *prompt: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRITER, url, *prompt],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.strip(), "the writer process did not start its draft"
        self.attempt_id = int(line)

    def kill(self) -> None:
        """SIGKILL: nothing of the process gets to run, the OS drops its lock."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)


@pytest.fixture
def writer(db_url: str) -> Iterator[Writer]:
    Store.open(db_url).close()  # created before two processes race to create it
    other = Writer(db_url)
    yield other
    if other.process.poll() is None:
        other.kill()


def test_a_draft_another_process_writes_is_not_offered_until_it_dies(
    db_url: str, writer: Writer
) -> None:
    with Store.open(db_url) as store:
        assert [d.id for d in store.unfinished()] == [writer.attempt_id]
        assert drafts.newest_unfinished(store) is None
        assert drafts.drafted_prompt_ids(store) == set()
        writer.kill()
        found = drafts.newest_unfinished(store)
        assert found is not None and found.detail.summary.id == writer.attempt_id
        assert found.detail.steps[0].text == "A's text"


def test_claiming_a_draft_fails_while_another_process_writes_it(
    db_url: str, writer: Writer
) -> None:
    with Store.open(db_url) as store:
        assert not drafts.claim_draft(store, writer.attempt_id)
        writer.kill()
        assert drafts.claim_draft(store, writer.attempt_id)
        assert drafts.claim_draft(store, writer.attempt_id)  # held: asking again is a yes
        drafts.release_attempt(store, writer.attempt_id)


def test_a_draft_this_process_writes_is_its_own(db_url: str) -> None:
    """Leases are per process: this one's own draft is never "held elsewhere"."""
    with Store.open(db_url) as store:
        from datetime import UTC, datetime

        attempt_id = drafts.start_attempt(store, PROMPT, SCAFFOLD, 600, now=datetime.now(UTC))
        progress = AnswerProgress((StepDraft(0, "One", "mine"),), elapsed_s=1)
        drafts.save_draft(store, DraftSnapshot(attempt_id, progress))
        assert leases.held_elsewhere(store.url, [attempt_id]) == set()
        assert drafts.claim_draft(store, attempt_id)


def test_leases_live_beside_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x' / 'c.db'}"
    assert leases.lease_dir(url) == tmp_path / "x" / "leases" / "c.db"
    read_only = f"sqlite:///file:{tmp_path / 'x' / 'c.db'}?mode=ro&uri=true"
    assert leases.lease_dir(read_only) == leases.lease_dir(url)


# -- the app next to another process writing a draft -------------------------------------------


async def test_the_app_neither_offers_nor_overwrites_a_draft_another_process_writes(
    make_app: Any, db_url: str, clock: Any
) -> None:
    """App B runs while process A writes a draft of B's demo prompt: B does not offer it
    (on start, or on opening the prompt), and resuming it from history writes B's text
    into a new attempt of its own; A's draft stays A's."""
    from screens.practice import PracticeScreen
    from screens.resume import ResumeScreen, offer_resume, practise_prompt, resume_draft
    from tests.conftest import APP_CONTENT
    from tests.pilot_helpers import settle, store_of

    Store.open(db_url).close()
    holder = Writer(db_url, str(APP_CONTENT), "demo-case")
    try:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            store = store_of(app)
            offer_resume(app)
            await settle(pilot)
            assert not isinstance(app.screen, ResumeScreen)
            practise_prompt(app, "demo-case")
            await settle(pilot)
            assert isinstance(app.screen, PracticeScreen)  # no offer of A's draft
            assert app.screen.attempt_id != holder.attempt_id
            app.pop_screen()
            await settle(pilot)
            resume_draft(app, store.attempt(holder.attempt_id))  # as history's resume does
            await settle(pilot)
            practice = app.screen
            assert isinstance(practice, PracticeScreen)
            assert practice.attempt_id not in (None, holder.attempt_id)
            assert any("another caseroom window" in str(n.message) for n in app._notifications)
            await pilot.press(*" and B's")
            clock.advance(1)
            practice.tick()
            practice.autosave.flush(5)
            assert store.attempt(practice.attempt_id).steps[0].text == "A's text and B's"
            assert store.attempt(holder.attempt_id).steps[0].text == "A's text"
    finally:
        holder.kill()
