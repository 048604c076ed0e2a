"""Where the engine keeps runs when the caller names no folder.

The engine's own module (it never imports the app-level ``tui_charrnn.paths``, which builds on
this one): ``CHARRNN_TUI_DATA_DIR`` when set, else the platform's user data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "charrnn-tui"
DATA_DIR_ENV = "CHARRNN_TUI_DATA_DIR"  # overrides the platform data folder (tests, portable use)


def data_dir() -> Path:
    """The folder for runs and app state (not created here)."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def runs_dir() -> Path:
    return data_dir() / "runs"
