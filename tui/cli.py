"""The `caseroom` command: start the app, check content, export history.

Kept free of Textual and sqlmodel imports at module level so that `caseroom --help`,
`caseroom check` and `caseroom export` start instantly and the app's first frame pays only
for what it draws.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import MutableMapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TextIO

DESCRIPTION = """\
caseroom: practise structured interviews in your terminal.

Pick a role track, answer a case prompt inside its six-step scaffold or a behavioral
question inside the timed story, race the countdown, review the attempt, and look back
over your history. Every question, scaffold and round is a markdown file you can edit
while the app runs.
"""

EPILOG = """\
commands:
  caseroom                      start the app on the bundled library
  caseroom check [DIR ...]      validate content folders (the bundled library if none)
  caseroom export [--attempt N] [--format md|json] [--output FILE]
                                export history (all submitted attempts, or one)
  caseroom plan [--track ID --date YYYY-MM-DD | --clear]
                                your interview date: Next up plans toward it
  caseroom config [--edit]      where config.toml is and the settings in effect;
                                --edit opens it in $EDITOR (created from a template)
  caseroom cohort init --db URL set up a PostgreSQL server for a cohort (its owner, once)
  caseroom cohort add-person NAME [--password P] --db URL
  caseroom cohort add-coach NAME [--password P] --db URL
                                a login for one person (or coach) of the cohort

data:
  Answers are stored in SQLite in your user data directory (XDG_DATA_HOME moves it);
  --db PATH uses another file, --db URL any SQLAlchemy database URL.
  Your own prompts can live in the user content folder shown in the app (F1), or in any
  folder passed with --content.
"""


def package_version() -> str:
    try:
        return version("caseroom")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Lists the commands themselves under "commands:", without argparse's empty row for
    the group of them (it printed a blank "positional arguments:" entry)."""

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction):
            return "".join(self._format_action(sub) for sub in action._get_subactions())
        return super()._format_action(action)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caseroom",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"caseroom {package_version()}")
    parser.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        default=[],
        help="add a content folder on top of the bundled library (repeatable)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=None,
        help="database file or SQLAlchemy URL (default: caseroom.db in the user data dir)",
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        default=None,
        help="start with this theme (over config.toml's and the one last picked in ctrl+p)",
    )
    sub = parser.add_subparsers(dest="command", title="other commands", metavar="[COMMAND]")
    check = sub.add_parser("check", help="validate content folders and print problems")
    check.add_argument("dirs", nargs="*", metavar="DIR", help="content folders to check")
    export = sub.add_parser("export", help="export history as markdown or JSON")
    export.add_argument("--attempt", type=int, default=None, metavar="N", help="one attempt")
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("--output", metavar="FILE", default=None, help="write to FILE")
    # Also accepted after the command (`caseroom export --db X`); SUPPRESS keeps the value
    # given before the command when it is not repeated here.
    export.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS)
    config = sub.add_parser("config", help="show the config file and the settings in effect")
    config.add_argument("--edit", action="store_true", help="open config.toml in $EDITOR")
    plan = sub.add_parser("plan", help="set, show or clear your interview date")
    plan.add_argument("--track", metavar="ID", default=None, help="the track you interview for")
    plan.add_argument("--date", metavar="YYYY-MM-DD", default=None, help="the interview's day")
    plan.add_argument("--clear", action="store_true", help="forget the interview date")
    plan.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS)
    add_cohort_parser(sub)
    return parser


def add_cohort_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`caseroom cohort init|add-person NAME|add-coach NAME`, each taking --db."""
    cohort = sub.add_parser("cohort", help="set up a PostgreSQL server for a cohort")
    actions = cohort.add_subparsers(dest="cohort_action", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create the schema, roles and row-level security")
    members = [
        actions.add_parser("add-person", help="create a login for a person"),
        actions.add_parser("add-coach", help="create a login for a coach"),
    ]
    for member in members:
        member.add_argument("name", metavar="NAME", help="the role name (lower case)")
        member.add_argument("--password", default=None, help="the login's password")
    for action in (cohort, init, *members):
        action.add_argument(
            "--db", metavar="URL", default=argparse.SUPPRESS, help="the server, as its owner"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `caseroom` console script."""
    args = build_parser().parse_args(argv)
    if args.command == "check":
        from tui.library.check import run_check

        return run_check(args.dirs, sys.stdout)
    if args.command == "export":
        from tui.paths import database_url
        from tui.services.export import run_export

        return run_export(
            database_url(args.db),
            attempt_id=args.attempt,
            fmt=args.format,
            output=args.output,
            out=sys.stdout,
        )
    if args.command == "config":
        return run_config(edit=args.edit, out=sys.stdout)
    if args.command == "plan":
        return run_plan_command(args)
    if args.command == "cohort":
        from tui.paths import database_url
        from tui.services.cohort import run_cohort

        return run_cohort(
            database_url(args.db),
            args.cohort_action,
            name=getattr(args, "name", ""),
            password=getattr(args, "password", None),
            out=sys.stdout,
        )
    return run_app(args.content, args.db, theme=args.theme)


def run_plan_command(args: argparse.Namespace) -> int:
    """`caseroom plan`: the track ids are checked against the library the app would load."""
    from datetime import UTC, datetime

    from tui.app.config import AppConfig
    from tui.library.loader import load_library
    from tui.paths import database_url
    from tui.services.planning import run_plan

    config = AppConfig.default(extra_content=[Path(d) for d in args.content], db=args.db)
    tracks = list(load_library(config.content_dirs).tracks) if args.track else []
    return run_plan(
        database_url(args.db),
        track=args.track,
        day=args.date,
        clear=args.clear,
        track_ids=tracks,
        out=sys.stdout,
        now=datetime.now(UTC),
    )


def run_config(*, edit: bool, out: TextIO) -> int:
    """`caseroom config`: the file's path, its problems (path:line: message) and the
    settings in effect; `--edit` opens it in $EDITOR first. Exit 1 if it has problems."""
    import os
    import subprocess

    from tui.core.settings import render_settings
    from tui.library.authoring import editor_command
    from tui.paths import config_path
    from tui.services.settings import ensure_config_file, load_settings

    path = config_path()
    if edit:
        try:
            ensure_config_file(path)
            subprocess.run([*editor_command(os.environ), str(path)], check=False)
        except OSError as error:
            print(f"caseroom: cannot edit {path}: {error.strerror or error}", file=sys.stderr)
            return 2
    settings, problems = load_settings(path)
    if settings.keymap:  # the keymap against every screen's bindings (imports Textual)
        from tui.app.preferences import keymap_report

        problems += keymap_report(settings, str(path))
    exists = "" if path.exists() else " (not created yet: the defaults apply)"
    out.write(f"# config file: {path}{exists}\n")
    for problem in problems:
        out.write(f"# problem: {problem}\n")
    out.write(render_settings(settings))
    return 1 if problems else 0


def forget_stale_terminal_size(environ: MutableMapping[str, str], is_terminal: bool) -> None:
    """Drop COLUMNS and LINES when we draw on a real terminal.

    Textual asks `shutil.get_terminal_size`, which trusts these variables over the
    terminal itself. They are a snapshot from whoever started us (tmux under pytest set
    80x24), so one resize later the app would shrink to the stale size and stay there.
    """
    if is_terminal:
        environ.pop("COLUMNS", None)
        environ.pop("LINES", None)


def run_app(content_dirs: Sequence[str], db: str | None, *, theme: str | None = None) -> int:
    import gc
    import os
    from pathlib import Path

    # No collection before the first frame: the collector walking Textual's objects as
    # they are made cost ~10% of the start. The App freezes what start-up built and turns
    # the collector back on at its first frame (AppConfig.freeze_gc, on_ready).
    gc.disable()
    try:
        from tui.app import AppConfig, CaseroomApp

        missing = [d for d in content_dirs if not Path(d).is_dir()]
        if missing:
            print(f"caseroom: content folder not found: {', '.join(missing)}", file=sys.stderr)
            return 2
        dirs = [Path(d) for d in content_dirs]
        config = AppConfig.default(extra_content=dirs, db=db, theme=theme)
        forget_stale_terminal_size(os.environ, sys.stdout.isatty())
        CaseroomApp(config).run()
    finally:
        gc.enable()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
