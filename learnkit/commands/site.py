"""``learnkit site``: publish the library as a static website (see learnkit.operations.site)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from learnkit.commands.common import JsonOpt, library
from learnkit.commands.registry import CommandSet

commands = CommandSet()


@commands.command()
def site(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The site's folder (made if missing).")],
    include_restricted: Annotated[
        bool,
        typer.Option(
            "--include-restricted",
            help="Also show restricted and unpublished records (every page then says: not for publication).",
        ),
    ] = False,
    with_documents: Annotated[
        bool, typer.Option("--with-documents", help="Copy the records' PDFs in, to download from the site.")
    ] = False,
    title: Annotated[
        Optional[str],
        typer.Option("--title", help="The site's name (default: Learning from cases and audits)."),
    ] = None,
    logo: Annotated[
        Optional[Path],
        typer.Option("--logo", help="An image (PNG, JPEG, GIF, SVG, WebP) for every page's header."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a folder that holds other files (they are kept).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Write the library as a website that works from a shared drive or any web server.

    Run it again on the same folder to update it: only changed pages are rewritten.

    Example: learnkit site -o "S:/Safeguarding/learning-site" --title "Bedford Borough: learning"
    """
    from learnkit.operations.site import build_site
    from learnkit.output.console import note, write_json
    from learnkit.output.site import render

    built = build_site(library(ctx), output, render, include_restricted, with_documents, title, logo, force)
    if as_json:
        write_json(built.to_json())
    else:
        note(built.message)
