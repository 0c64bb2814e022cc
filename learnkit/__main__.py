"""``python -m learnkit``."""

from learnkit.cli import run

run()
