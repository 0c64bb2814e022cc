"""The command line: Typer commands that parse arguments, call the library and render.

No logic lives here. Every LearnkitError is caught in one place
(:class:`LearnkitGroup`), printed as one line on stderr and turned into its
exit code. Heavy modules (Rich, the library, sqlite3, pypdf) are imported
inside the commands that need them, so ``--help`` and ``path`` start fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from learnkit import __version__
from learnkit.errors import ExitCode, LearnkitError, NotFoundError

if TYPE_CHECKING:
    from typer import _click as click
    from typer.models import CommandInfo

    from learnkit.operations.library import Library
    from learnkit.storage.index import Filters


class LearnkitGroup(TyperGroup):
    """Runs a command and turns a LearnkitError into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LearnkitError as exc:
            from learnkit.output import render

            render.error(exc.message, exc.candidates if isinstance(exc, NotFoundError) else ())
            raise typer.Exit(int(exc.code)) from None
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise typer.Exit(130) from None
        finally:
            library = (ctx.obj or {}).get("library") if isinstance(ctx.obj, dict) else None
            if library is not None:
                library.close()

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # the names only: building every command is for --help


class QueryCommand(TyperCommand):
    """A command whose arguments are a search query, in which ``-word`` leaves a word out.

    Click would read ``-alcohol`` as ``-a lcohol`` (``--area``) and ``-"of the"``
    as an unknown option. Here a word that starts with "-" and is not one of the
    command's options, written exactly, is part of the query, wherever it
    stands among the options. An unknown ``--long`` option is still an error.
    Options are written apart from their values (``-n 5``, ``--limit=5``).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, query_last(self.get_params(ctx), args))


def query_last(params: list[click.Parameter], args: list[str]) -> list[str]:
    """``args`` with the options first, then ``--`` and every word of the query."""
    takes_value: set[str] = set()
    flags: set[str] = set()
    for param in params:
        names = [*param.opts, *param.secondary_opts]
        if not names[0].startswith("-"):
            continue  # an argument
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            flags.update(names)
        else:
            takes_value.update(names)
    options: list[str] = []
    words: list[str] = []
    rest = iter(args)
    for arg in rest:
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        if arg == "--":
            words.extend(rest)
        elif name in takes_value:
            options.append(arg)
            value = None if "=" in arg else next(rest, None)
            if value is not None:
                options.append(value)  # the option's value, whatever it looks like
        elif arg in flags or (arg.startswith("--") and len(arg) > 2):
            options.append(arg)  # a flag, or an unknown --option for Click to report
        else:
            words.append(arg)
    return [*options, "--", *words] if words else options


class LazyCommands(MutableMapping[str, "click.Command"]):
    """A group's commands by name, each built from its Typer definition when first asked for.

    Typer turns every command's signature into Click parameters before it runs
    any of them (type hints evaluated, options made): for learnkit's commands
    that is a tenth of a command's start-up, spent on commands that do not run.
    """

    def __init__(self, infos: list[CommandInfo], build: Callable[[CommandInfo], click.Command]) -> None:
        from typer.main import get_command_name

        self._infos = {info.name or get_command_name(info.callback.__name__): info for info in infos}  # type: ignore[union-attr]
        self._build = build
        self._built: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._built:
            self._built[name] = self._build(self._infos[name])
        return self._built[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._built[name] = command
        self._infos.setdefault(name, None)  # type: ignore[arg-type]

    def __delitem__(self, name: str) -> None:
        del self._infos[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def built(self) -> list[str]:
        """The names of the commands built so far."""
        return list(self._built)


class LearnkitApp(typer.Typer):
    """A Typer app whose command group builds only the command that runs (see LazyCommands)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return command_group(self)(*args, **kwargs)


def command_group(typer_app: typer.Typer) -> LearnkitGroup:
    """The Click group of an app, with its commands built lazily."""
    from typer.main import get_command, get_command_from_info

    infos = typer_app.registered_commands
    typer_app.registered_commands = []
    try:
        group = get_command(typer_app)
    finally:
        typer_app.registered_commands = infos
    assert isinstance(group, LearnkitGroup)
    group.commands = LazyCommands(
        infos,
        lambda info: get_command_from_info(
            info,
            pretty_exceptions_short=typer_app.pretty_exceptions_short,
            rich_markup_mode=typer_app.rich_markup_mode,
        ),
    )
    return group


app = LearnkitApp(
    cls=LearnkitGroup,
    name="learnkit",
    help="learnkit: a local library of the learning from safeguarding case reviews and audits.\n\n"
    "Example: learnkit search neglect",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"learnkit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    library: Annotated[
        Optional[Path],
        typer.Option(
            "--library",
            "-L",
            help="Library folder (default: $LEARNKIT_HOME, else your data folder).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """learnkit: a local library of the learning from safeguarding case reviews and audits."""
    ctx.obj = {"library_path": library}


def _library(ctx: typer.Context) -> Library:
    from learnkit.operations.library import Library
    from learnkit.paths import library_dir

    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    lib = Library(library_dir(obj.get("library_path")))
    lib.on_rebuild = _note
    obj["library"] = lib
    root.obj = obj
    return lib


def _note(message: str) -> None:
    from learnkit.output import render

    render.note(message)


def _json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def check_output(output: Path | None, force: bool) -> None:
    """Refuse, before any work, an output file that cannot or must not be written."""
    from learnkit.errors import ExistsError, InvalidError

    if output is None:
        return
    if output.is_dir():
        raise InvalidError(f"{output} is a folder; give a file name with -o")
    if output.exists() and not force:
        raise ExistsError(f"{output} already exists; add --force to overwrite it")
    if not output.parent.exists():
        raise InvalidError(f"folder {output.parent} does not exist; create it first")


def write_output(output: Path | None, text: str) -> None:
    """Text to stdout, or to the file atomically (a reader never sees half of it)."""
    if output is None:
        sys.stdout.write(text)
        return
    from learnkit.storage.store import atomic_write

    atomic_write(output, text.encode("utf-8"))


def _labels(lib: Library) -> dict[str, str]:
    return {t.id: t.label for t in lib.taxonomy.themes}


# Options shared by the commands that filter records.
KindOpt = Annotated[
    Optional[str], typer.Option("--kind", "-k", help="Only this kind, e.g. multi-agency-audit.")
]
ThemeOpt = Annotated[
    Optional[str], typer.Option("--theme", "-t", help="Only records with this theme (id, label or alias).")
]
AreaOpt = Annotated[Optional[str], typer.Option("--area", "-a", help="Only this area (part of its name).")]
StatusOpt = Annotated[Optional[str], typer.Option("--status", "-s", help="Only this status, e.g. published.")]
SinceOpt = Annotated[Optional[int], typer.Option("--since", help="Only records dated in or after this year.")]
UntilOpt = Annotated[
    Optional[int], typer.Option("--until", help="Only records dated in or before this year.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table (keys in the README).")]


def _filters(
    kind: str | None,
    theme: str | None,
    area: str | None,
    status: str | None,
    since: int | None,
    until: int | None,
) -> Filters:
    from learnkit.storage.index import Filters

    return Filters(kind=kind, theme=theme, area=area, status=status, since=since, until=until)


@app.command(cls=QueryCommand)
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help='Words, "quoted phrases", prefix*, OR, -excluded.')],
    kind: KindOpt = None,
    theme: ThemeOpt = None,
    area: AreaOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many records.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Search records and their documents' text.

    Example: learnkit search neglect --since 2015   |   learnkit search '"voice of the child"'
    """
    lib = _library(ctx)
    result = lib.search(" ".join(query), _filters(kind, theme, area, status, since, until), limit)
    if as_json:
        _json(result.to_dict())
        return
    from learnkit.output import render

    render.search(result, _labels(lib))


@app.command()
def show(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The record's slug, or a unique start of it.")],
    text: Annotated[
        bool, typer.Option("--text", help="Page through the extracted text of its documents.")
    ] = False,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Show why each detected theme was given.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Show one record: summary, themes, learning, related records, documents.

    Example: learnkit show rosza-malika
    """
    lib = _library(ctx)
    record = lib.get(slug)
    if record.slug != slug and not record.slug.startswith(slug):
        sys.stderr.write(f"no record '{slug}'; showing the closest: {record.slug}\n")
    if as_json:
        data = lib.present(record)
        if text:
            data["text"] = [{"document": d, "page": n, "text": t} for d, n, t in lib.record_text(record)]
        _json(data)
        return
    from learnkit.output import render

    with render.paged(enabled=text):
        if text:
            render.page_text(record, lib.record_text(record))
            return
        themes = {t.id: t for t in lib.taxonomy.themes}
        render.show(
            record, themes, lib.related(record), evidence=evidence, similar=lib.similar_for_show(record)
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    kind: KindOpt = None,
    theme: ThemeOpt = None,
    area: AreaOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List records, newest first.

    Example: learnkit list --kind multi-agency-audit
    """
    lib = _library(ctx)
    filters = lib.check_filters(_filters(kind, theme, area, status, since, until))
    if as_json:
        _json([lib.present(r) for r in lib.records(filters)])
        return
    from learnkit.output import render

    with render.paged():
        render.records_table(lib.index().rows(filters), _labels(lib))


@app.command()
def themes(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(help="A theme's id, label or alias.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the themes with how many records have each, or show one theme and its records.

    Example: learnkit themes   |   learnkit themes "hidden men"
    """
    lib = _library(ctx)
    if name:
        theme, records = lib.theme(name)
        if as_json:
            _json({"theme": theme.to_dict(), "records": [lib.present(r) for r in records]})
            return
        from learnkit.output import render

        members = [
            {
                "slug": r.slug,
                "title": r.title,
                "kind": r.kind,
                "date": r.date,
                "status": r.status,
                "themes": r.theme_ids,
            }
            for r in records
        ]
        render.theme(theme, members, _labels(lib))
        return
    rows = lib.themes()
    if as_json:
        _json([{"id": t.id, "label": t.label, "group": t.group, "count": n} for t, n in rows])
        return
    from learnkit.output import render

    with render.paged():
        render.themes(rows, lib.taxonomy.groups())


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, jsonl, csv or markdown.")] = "json",
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file (atomically).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    include_restricted: Annotated[
        bool, typer.Option("--include-restricted", help="Also export restricted and unpublished records.")
    ] = False,
    kind: KindOpt = None,
    theme: ThemeOpt = None,
    area: AreaOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """Export records as JSON, JSON lines, CSV (opens in Excel) or Markdown.

    Example: learnkit export --format csv -o learning.csv
    """
    from learnkit.errors import InvalidError
    from learnkit.models import counted
    from learnkit.output.export import FORMATS
    from learnkit.output.export import export as render_export

    if fmt not in FORMATS:
        raise InvalidError(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    check_output(output, force)
    lib = _library(ctx)
    records, left_out = lib.export(_filters(kind, theme, area, status, since, until), include_restricted)
    write_output(output, render_export([lib.present(r) for r in records], fmt))
    message = f"exported {counted(len(records), 'record')}"
    if output is not None:
        message += f" to {output}"
    if left_out:
        message += (
            f"; left out {left_out} restricted or unpublished (add --include-restricted to include them)"
        )
    sys.stderr.write(message + "\n")


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A record file (.toml or .json) or a folder of them.")],
    as_json: JsonOpt = False,
) -> None:
    """Import record files, validated, added or updated by slug.

    Example: learnkit import my-records/
    """
    lib = _library(ctx)
    result = lib.import_path(path)
    if as_json:
        _json(result.to_dict())
    else:
        from learnkit.output import render

        render.import_result(result)
    if result.failed:
        raise typer.Exit(int(ExitCode.INVALID))


PasswordOpt = Annotated[
    Optional[str], typer.Option("--password", help="Password of encrypted PDFs.", show_default=False)
]
TimeoutOpt = Annotated[float, typer.Option("--timeout", help="Seconds allowed to read one PDF.")]


def _run_batch(ctx: typer.Context, as_json: bool, work: Any, label: str, jobs: int, timeout: float) -> None:
    """Run an add, attach or ingest with a progress bar, print its account, exit 1 if any file failed."""
    from learnkit.operations.ingest import Pipeline
    from learnkit.output import render

    lib = _library(ctx)
    pipeline = Pipeline(lib, jobs=jobs, timeout=timeout)
    with render.progress(label) as bar:
        task = bar.add_task(label, total=None)

        def step(name: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=f"{label} {name}"[:60])

        result = work(lib, pipeline, step)
    if as_json:
        _json(result.to_dict())
    else:
        render.batch(result)
    if result.failed:
        raise typer.Exit(int(ExitCode.FAILED))


def _one_file_jobs(files: list[Path]) -> int:
    """Workers for add and attach: files are read one by one, in the order given (so the slugs of
    same-titled files come out the same every time), but a single large PDF is read by every core,
    a share of its pages each."""
    import os

    return (os.cpu_count() or 1) if len(files) == 1 else 1


@app.command()
def add(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="PDF files; each becomes a new record.")],
    slug: Annotated[
        Optional[str], typer.Option("--slug", help="Slug for the record (one file only).")
    ] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title (default: the PDF's own).")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", "-k", help="Kind (default: guessed).")] = None,
    date: Annotated[str, typer.Option("--date", help="YYYY, YYYY-MM, YYYY-MM-DD or start/end.")] = "",
    area: Annotated[str, typer.Option("--area", "-a", help="Area, e.g. Bedford Borough.")] = "",
    status: Annotated[
        Optional[str],
        typer.Option(
            "--status", "-s", help="Status, e.g. restricted (default: published, or as the PDF is marked)."
        ),
    ] = None,
    theme: Annotated[
        Optional[list[str]], typer.Option("--theme", "-t", help="A theme to give it (repeatable).")
    ] = None,
    password: PasswordOpt = None,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Add PDFs, one new record each: text extracted, themes detected, summarised.

    Example: learnkit add review.pdf --kind learning-review --date 2019-05 --area "Bedford Borough"
    """
    from learnkit.operations.ingest import NewRecordOptions
    from learnkit.operations.ingest import add as add_files

    options = NewRecordOptions(slug, title, kind, date, area, status, list(theme or []))
    _run_batch(
        ctx,
        as_json,
        lambda lib, pipe, step: add_files(lib, files, options, password, pipe, step),
        "Adding",
        _one_file_jobs(files),
        timeout,
    )


@app.command()
def attach(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The record to attach to.")],
    files: Annotated[list[Path], typer.Argument(help="PDF files to attach.")],
    password: PasswordOpt = None,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Attach PDFs to an existing record.

    Example: learnkit attach rosza-malika rosza-malika-briefing.pdf
    """
    from learnkit.operations.ingest import attach as attach_files

    _run_batch(
        ctx,
        as_json,
        lambda lib, pipe, step: attach_files(lib, slug, files, password, pipe, step),
        "Attaching",
        _one_file_jobs(files),
        timeout,
    )


@app.command()
def ingest(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="A folder; every PDF under it, recursively.")],
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: every core).")
    ] = None,
    kind: Annotated[
        Optional[str], typer.Option("--kind", "-k", help="Kind for every record (default: guessed).")
    ] = None,
    password: PasswordOpt = None,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Add every PDF under a folder, read in parallel, with an account of each file.

    Example: learnkit ingest ~/reviews --jobs 2
    """
    import os

    from learnkit.operations.ingest import ingest as ingest_folder

    _run_batch(
        ctx,
        as_json,
        lambda lib, pipe, step: ingest_folder(lib, folder, kind, password, pipe, step),
        "Ingesting",
        jobs if jobs is not None else os.cpu_count() or 1,
        timeout,
    )


@app.command()
def path(
    ctx: typer.Context,
    sizes: Annotated[
        bool, typer.Option("--sizes", help="Also add up the bytes in each folder (a stat of every file).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Print where the library is and the files in it.

    Example: learnkit path   |   learnkit path --sizes
    """
    lib = _library(ctx)
    info = lib.info(sizes)
    if as_json:
        _json(info)
        return
    from learnkit.output import render

    render.path(info)


@app.command()
def reindex(
    ctx: typer.Context,
    redetect: Annotated[
        bool, typer.Option("--redetect", help="Detect themes again even if the taxonomy has not changed.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Rebuild the search index; detect themes again if the taxonomy changed (or with --redetect).

    Example: learnkit reindex
    """
    lib = _library(ctx)
    from learnkit.models import counted
    from learnkit.output import render

    with render.progress("Reindexing") as bar:
        task = bar.add_task("Reindexing", total=None)
        counts = lib.reindex(lambda done, total: bar.update(task, completed=done, total=total), redetect)
    missing = counts.get("missing_details", 0)
    if missing:
        render.warn(
            f"{counted(missing, 'record')} lost theme evidence or extracted points"
            " (a file in details/ is missing or damaged); run: learnkit reindex --redetect"
        )
    if as_json:
        _json(counts)
        return
    render.note(f"reindexed {counted(counts['records'], 'record')}, {counted(counts['pages'], 'page')}")


# brief, trends, related and repeats live in their own module.
from learnkit.commands.learning import register  # noqa: E402 - needs `app` and the helpers above

register(app)


def run() -> None:
    """Console-script entry point."""
    app()
