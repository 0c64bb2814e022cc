"""Where things are: the library folder and the bundled records.

The library is ``--library PATH``, else ``$LEARNKIT_HOME``, else the
platform's user data folder. The bundled records ship inside the package
(``learnkit/records`` in a wheel); in a source checkout they are the
repository's ``records/`` folder.
"""

from __future__ import annotations

import os
from pathlib import Path

STORE_NAME = "learnkit.json"
BACKUP_NAME = "learnkit.json.bak"
LOCK_NAME = ".lock"
INDEX_NAME = "index.sqlite"
FILES_DIR = "files"
TEXT_DIR = "text"
# Theme evidence and extracted points, by content hash (see learnkit.storage.details).
DETAILS_DIR = "details"


def library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The library folder the user asked for, or the default one."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("LEARNKIT_HOME")
    if env:
        return Path(env).expanduser()
    # platformdirs is imported here, not at the top: most commands are given a
    # folder by the environment or option and should not pay for it.
    from platformdirs import user_data_dir

    return Path(user_data_dir("learnkit", appauthor=False))


def records_dir() -> Path:
    """The folder of bundled record files and the taxonomy."""
    here = Path(__file__).resolve().parent
    installed = here / "records"
    if installed.is_dir():
        return installed
    return here.parent / "records"


def taxonomy_file() -> Path:
    return records_dir() / "themes.toml"


def file_signature(path: Path) -> str:
    """What changes whenever a file is rewritten: its modification time and size ("" if absent)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return ""
    return f"{st.st_mtime_ns}:{st.st_size}"
