"""A briefing on what a person names: a theme if the words name one, else a record; and its "See also".

:func:`brief` chooses the subject (a theme by id, label or alias first, then a
record by slug or words of its title), gathers the records to draw on (the
theme's records; or the record and its related records), the records to list
under "See also", and builds the briefing (:func:`learnkit.knowledge.brief.make_brief`), which
:mod:`learnkit.output.briefing` lays out where the command emits its result.

"See also" names records a reader may want next that the briefing does not
draw on: for a theme, the records its sources link to (``related``); for a
record, those and the records most like it by shared themes. Restricted and
unpublished records are never named there unless ``include_restricted``.

Results are dataclasses without ``__eq__`` and ``__repr__`` (never compared or printed):
generating those is most of a dataclass's cost, paid at every start of a command.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from learnkit.errors import InvalidError, NotFoundError
from learnkit.models import Record, Theme, counted

if TYPE_CHECKING:
    from learnkit.knowledge.brief import Brief, Logo
    from learnkit.operations.library import Library

# How many records "See also" names at most.
SEE_ALSO = 5
# A logo larger than this is not a logo (and would make the page heavy to open and to e-mail).
LOGO_BYTES = 2 * 1024 * 1024


@dataclass(repr=False, eq=False)
class Briefed:
    """A briefing, the format to lay it out in, and where it goes (None: stdout)."""

    brief: Brief
    fmt: str
    output: Path | None

    @property
    def message(self) -> str:
        message = f"briefing on '{self.brief.subject_id}' from {counted(len(self.brief.sources), 'record')}"
        if self.output is not None:
            message = f"wrote {message} to {self.output}"
        if self.brief.left_out:
            message += (
                f"; left out {self.brief.left_out} restricted or unpublished"
                " (add --include-restricted to include them)"
            )
        return message


def subject(lib: Library, name: str) -> Theme | Record:
    """The theme that ``name`` names, else the record it names; NotFoundError naming both lists."""
    from learnkit.operations.finding import find_record

    theme = lib.taxonomy.resolve(name)
    if theme is not None:
        return theme
    try:
        return find_record(lib, name, close_words=False)
    except NotFoundError as exc:
        candidates = lib.taxonomy.suggest(name, 3) + exc.candidates[:3]
        raise NotFoundError(
            f"no theme or record '{name}'; see: learnkit themes, learnkit list", candidates
        ) from None


def sources(lib: Library, about: Theme | Record) -> list[Record]:
    """The records a briefing draws on: a theme's records, or a record and the related ones held."""
    if isinstance(about, Theme):
        return lib.theme(about.id)[1]
    present = lib.index().titles(about.related)
    return [about, *(lib.get(slug) for slug in about.related if slug in present)]


def see_also(
    lib: Library, about: Theme | Record, drawn_on: list[Record], include_restricted: bool
) -> dict[str, str]:
    """Slug to title of records to read next: linked from the sources, or like the record; none drawn on."""
    drawn = {r.slug for r in drawn_on}
    wanted: list[str] = []
    for record in drawn_on:
        if record.private and not include_restricted:
            continue  # left out of the briefing: what it links to is not said either
        wanted.extend(slug for slug in record.related if slug not in drawn and slug not in wanted)
    if isinstance(about, Record):
        wanted.extend(slug for slug, _, _ in lib.similar_for_show(about, SEE_ALSO) if slug not in wanted)
    titles = lib.index().titles(wanted)
    chosen: dict[str, str] = {}
    for slug in wanted:
        if slug in drawn or slug not in titles:
            continue
        if not include_restricted and lib.get(slug).private:
            continue
        chosen[slug] = titles[slug]
        if len(chosen) == SEE_ALSO:
            break
    return chosen


def read_logo(path: Path) -> Logo:
    """The logo file, checked: a PNG, JPEG or SVG image of at most 2 MB; InvalidError in one line if not."""
    from learnkit.knowledge.brief import Logo

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidError(f"no logo file {path}; give a PNG, JPEG or SVG file") from None
    except IsADirectoryError:
        raise InvalidError(f"{path} is a folder; give a PNG, JPEG or SVG logo file") from None
    except OSError as exc:
        raise InvalidError(f"cannot read the logo {path}: {exc.strerror}") from None
    if len(data) > LOGO_BYTES:
        raise InvalidError(f"the logo {path} is over 2 MB; use a smaller image")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Logo(data, "image/png")
    if data.startswith(b"\xff\xd8\xff"):
        return Logo(data, "image/jpeg")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (
        head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--")
    ) and b"<svg" in data[:4096].lower():
        return Logo(data, "image/svg+xml")
    raise InvalidError(f"the logo {path} is not a PNG, JPEG or SVG image")


def brief(
    lib: Library,
    name: str,
    fmt: str,
    output: Path | None,
    force: bool,
    include_restricted: bool,
    by: str = "",
    logo: Path | None = None,
    since: int | None = None,
) -> Briefed:
    """The briefing on what ``name`` names; the output file and logo are checked before any work."""
    from learnkit.knowledge.brief import make_brief
    from learnkit.operations.outfile import check_output

    if fmt == "docx" and output is None:
        raise InvalidError("a Word briefing is written to a file: add -o FILE.docx")
    check_output(output, force, lib.folder)
    image = read_logo(logo) if logo is not None else None
    if image is not None and fmt == "docx" and image.media_type == "image/svg+xml":
        raise InvalidError("a Word briefing takes a PNG or JPEG logo; convert the SVG, or use --format html")
    about = subject(lib, name)
    records = sources(lib, about)
    related = see_also(lib, about, records, include_restricted)
    made = make_brief(about, records, lib.taxonomy, related, include_restricted, since=since, by=by)
    made.logo = image
    return Briefed(made, fmt, output)


def write_bytes(output: Path, data: bytes) -> None:
    """A binary file (a Word briefing) written atomically: a reader never sees half of it."""
    from learnkit.storage.fs import atomic_write

    atomic_write(output, data)
