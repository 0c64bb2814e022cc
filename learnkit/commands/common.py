"""What every command shares: its library, its options, and emit, the one way a result reaches the user.

Commands parse their arguments, call one operation and hand its result to
:func:`emit`; they open the library through :func:`library`, which the group
closes when the command ends.

A result is a dataclass from :mod:`learnkit.operations`. Its ``warnings`` and
``notes``, if any, go to stderr first. With ``--json`` its ``to_json()`` is
printed; else the output function named for its class in :data:`TABLE` shows it
to people, through the pager when the result is ``long``. Its ``exit_code``, if
any, ends the command. Results of exports and briefings are text laid out by
output, written to ``-o`` (atomically) or stdout.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from learnkit.errors import InvalidError, NotFoundError

if TYPE_CHECKING:
    from learnkit.operations.library import Library
    from learnkit.storage.index import Filters


def library(ctx: typer.Context) -> Library:
    """The library of this run (``--library``, else ``$LEARNKIT_HOME``, else the data folder)."""
    from learnkit.operations.library import Library
    from learnkit.paths import library_dir

    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    lib = obj.get("library")
    if lib is None:
        folder = library_dir(obj.get("library_path"))
        if obj.get("library_path") and not folder.parent.is_dir():  # a typo must not make a new library
            raise NotFoundError(
                f"folder {folder.parent} does not exist; check --library, or: learnkit init {folder}"
            )
        lib = Library(folder)
        lib.on_rebuild = _rebuild_note(obj)
        obj["library"] = lib
        root.obj = obj
    return lib


def _rebuild_note(obj: dict[str, Any]) -> Callable[[str], None]:
    """How the note that the index is being rebuilt is given: at once on a terminal (a person waits);
    else kept until the command has ended well (``pending_notes``), so that an error is one line."""
    import sys

    from learnkit.output.console import note

    def told(message: str) -> None:
        if sys.stderr.isatty():
            note(message)
        else:
            obj.setdefault("pending_notes", []).append(message)

    return told


def pending_notes(obj: Any) -> list[str]:
    """The notes kept back until the command's end (see :func:`library`)."""
    return list(obj.get("pending_notes", [])) if isinstance(obj, dict) else []


def words(given: list[str] | None) -> str:
    """Several words on the command line as one name: `brief disguised compliance`."""
    return " ".join(given or []).strip()


def filters(
    kind: str | None,
    theme: str | None,
    area: str | None,
    status: str | None,
    since: int | None,
    until: int | None,
) -> Filters:
    from learnkit.storage.index import Filters

    return Filters(kind=kind, theme=theme, area=area, status=status, since=since, until=until)


def export_format(value: str) -> str:
    """--format of export, checked as the command line is read (before any work)."""
    from learnkit.output.export import FORMATS

    if value not in FORMATS:
        raise InvalidError(f"unknown format '{value}'; use one of: {', '.join(FORMATS)}")
    return value


def brief_format(value: str) -> str:
    """--format of brief, checked as the command line is read (before any work)."""
    from learnkit.output.briefing import FORMATS

    if value not in FORMATS:
        raise InvalidError(f"unknown format '{value}'; use one of: {', '.join(FORMATS)}")
    return value


# Completion of record slugs and theme ids (`learnkit --install-completion` turns it on in a shell).
# Completion runs in the user's shell as they type: it must never print a traceback, so any failure
# (no library yet, a damaged one) completes nothing.
def complete_slug(ctx: typer.Context, incomplete: str) -> list[str]:
    from learnkit.operations.library import Library
    from learnkit.paths import library_dir

    folder = library_dir(ctx.find_root().params.get("library"))
    if not folder.exists():
        return []
    lib = Library(folder)
    try:
        return [s for s in lib.index().slugs() if s.startswith(incomplete)]
    except Exception:
        return []
    finally:
        lib.close()


def complete_theme(incomplete: str) -> list[str]:
    from learnkit.knowledge.themes import load_taxonomy
    from learnkit.paths import taxonomy_file

    try:
        return [t.id for t in load_taxonomy(taxonomy_file()).themes if t.id.startswith(incomplete)]
    except Exception:
        return []


def complete_subject(ctx: typer.Context, incomplete: str) -> list[str]:
    """A briefing's subject: a theme id or a record's slug."""
    return complete_theme(incomplete) + complete_slug(ctx, incomplete)


# Options shared by the commands that filter records.
KindOpt = Annotated[
    Optional[str], typer.Option("--kind", "-k", help="Only this kind, e.g. multi-agency-audit.")
]
# (No completion here: a completion function is inspected whenever its command is built, and search
# must start fast. `themes`, `brief`, `trends --theme` and `add --theme` complete theme ids.)
ThemeOpt = Annotated[
    Optional[str], typer.Option("--theme", "-t", help="Only records with this theme (id, label or alias).")
]
AreaOpt = Annotated[Optional[str], typer.Option("--area", "-a", help="Only this area (part of its name).")]
StatusOpt = Annotated[Optional[str], typer.Option("--status", "-s", help="Only this status, e.g. published.")]
# Every number a user gives is checked for its range as the command line is read, before any work: a
# year of 20 digits would otherwise overflow SQLite, a limit of 1e20 a list.
YEAR_MIN, YEAR_MAX = 1000, 9999


def in_range(option: str, low: int, high: int, what: str = "a number") -> Callable[[int | None], int | None]:
    """A callback that refuses a number of ``option`` outside low..high (InvalidError, one line)."""

    def check(value: int | None) -> int | None:
        if value is not None and not low <= value <= high:
            shown = str(value) if len(str(value)) <= 20 else str(value)[:19] + "…"
            raise InvalidError(f"{option} must be {what} from {low} to {high}; got {shown}")
        return value

    return check


SinceOpt = Annotated[
    Optional[int],
    typer.Option(
        "--since",
        callback=in_range("--since", YEAR_MIN, YEAR_MAX, "a year"),
        help="Only records dated in or after this year.",
    ),
]
UntilOpt = Annotated[
    Optional[int],
    typer.Option(
        "--until",
        callback=in_range("--until", YEAR_MIN, YEAR_MAX, "a year"),
        help="Only records dated in or before this year.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table (keys in the README).")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (atomically).")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")]
RecordArg = Annotated[
    list[str],
    typer.Argument(
        help="The record's slug, a unique start of it, or words of its title.", autocompletion=complete_slug
    ),
]
PasswordOpt = Annotated[
    Optional[str], typer.Option("--password", help="Password of encrypted PDFs.", show_default=False)
]
TIMEOUT_MAX = 86400.0  # a day: no PDF takes longer, and a larger number (inf, 1e308) overflows timers


def seconds(value: float) -> float:
    """--timeout: a number of seconds above 0 and at most a day (not nan, not inf)."""
    if not math.isfinite(value) or not 0 < value <= TIMEOUT_MAX:
        raise InvalidError(
            f"--timeout must be a number of seconds above 0 and at most {TIMEOUT_MAX:.0f}; got {value}"
        )
    return value


TimeoutOpt = Annotated[
    float,
    typer.Option("--timeout", callback=seconds, help="Seconds allowed to read one PDF (at most a day)."),
]


# --------------------------------------------------------------------------- emit

View = Callable[[Any], None]
# A result's class name: the output module that shows it, and how (module, result). The module is
# imported only when a result of that class is shown: a briefing's layout is not `show`'s start-up.
_Shows = Callable[[Any, Any], None]
TABLE: dict[str, tuple[str, _Shows]] = {
    "Searched": ("records", lambda m, r: m.search(r.result, r.labels, r.statuses)),
    "Shown": (
        "records",
        lambda m, r: (
            m.page_text(r.record, r.pages)
            if r.pages is not None
            else m.show(
                r.record,
                r.themes,
                r.related,
                evidence=r.evidence,
                similar=r.similar,
                statuses=r.statuses,
                plan=r.plan,
            )
        ),
    ),
    "Listed": ("records", lambda m, r: m.records_table(r.rows(), r.labels)),
    "ThemeShown": ("records", lambda m, r: m.theme(r.theme, r.members(), r.labels)),
    "ThemeList": ("records", lambda m, r: m.themes(r.rows, r.groups, r.open_actions)),
    "Where": ("records", lambda m, r: m.path(r.info)),
    "Imported": ("records", lambda m, r: m.import_result(r.result)),
    "Reindexed": ("console", lambda m, r: m.note(r.message)),
    "Batched": ("reports", lambda m, r: m.batch(r.result)),
    "Trends": ("reports", lambda m, r: m.trends(r.data)),
    "Related": ("reports", lambda m, r: m.related(r.slug, r.title, r.results)),
    "Repeats": ("reports", lambda m, r: m.repeats(r.groups, r.min_records)),
    "Exported": ("export", lambda m, r: _written(m.export(r.records, r.fmt), r)),
    "Briefed": ("briefing", lambda m, r: _written(m.render(r.brief, r.fmt), r)),
}


def _written(text: str, result: Any) -> None:
    """An export's or a briefing's text to its file, or to stdout; then the one-line account."""
    from learnkit.output.console import note, write_text

    if result.output is not None:
        from learnkit.operations.outfile import write_file

        write_file(result.output, text)
    else:
        write_text(text)
    note(result.message)


def view(result: Any) -> View:
    """The output function that shows a result to people."""
    import importlib

    module_name, shows = TABLE[type(result).__name__]
    module = importlib.import_module(f"learnkit.output.{module_name}")
    return lambda shown: shows(module, shown)


def emit(result: Any, as_json: bool = False) -> None:
    """Show a command's result (see the module's docstring); raises typer.Exit for a non-zero exit code."""
    from learnkit.output.console import note, paged, warn, write_json

    for message in getattr(result, "warnings", ()):
        warn(message)
    for message in getattr(result, "notes", ()):
        note(message)
    if as_json:
        write_json(result.to_json())
    else:
        with paged(enabled=getattr(result, "long", False)):
            view(result)(result)
    code = getattr(result, "exit_code", 0)
    if code:
        raise typer.Exit(code)
