"""``python -m learnkit``."""

from learnkit.commands.main import run

run()
