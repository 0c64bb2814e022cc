"""Running learnkit's command line in tests, and writing the record files the tests import.

Not a test module: test files import :func:`run`, :func:`ok`, :func:`fails`, :func:`run_json` and
:func:`write_toml`. Every run asserts what a user must never see, a traceback; :func:`ok` and
:func:`fails` say how it must end as well.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from learnkit.commands.main import app
from learnkit.errors import ExitCode


def run(runner: CliRunner, *args: object, **kwargs: Any) -> Result:
    """``learnkit ARGS`` (each made a string); ``kwargs`` go to CliRunner.invoke (input, env...)."""
    result = runner.invoke(app, [str(a) for a in args], **kwargs)
    # Anything but a clean exit is a bug: a user must never see a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def ok(runner: CliRunner, *args: object, **kwargs: Any) -> Result:
    """A run that must succeed."""
    result = run(runner, *args, **kwargs)
    assert result.exit_code == 0, result.output
    return result


def fails(runner: CliRunner, code: ExitCode, *args: object) -> Result:
    """A run that must fail with exit code ``code`` and one line on stderr."""
    result = run(runner, *args)
    assert result.exit_code == int(code), result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result


def run_json(runner: CliRunner, *args: object, code: int = 0, **kwargs: Any) -> Any:
    """The JSON a run with ``--json`` prints; it must end with exit code ``code``."""
    result = run(runner, *args, "--json", **kwargs)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def toml_value(value: Any) -> str:
    """A value in TOML: strings, numbers and booleans as JSON writes them, lists, and inline tables."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)


def write_toml(folder: Path, fields: dict[str, Any]) -> Path:
    """A record file ``<slug>.toml`` in ``folder`` (made if need be) holding ``fields``; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{fields['slug']}.toml"
    path.write_text("".join(f"{k} = {toml_value(v)}\n" for k, v in fields.items()), encoding="utf-8")
    return path
