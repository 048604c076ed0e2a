"""Test-wide fixtures: never touch the real user data directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Point platformdirs and our own override at a throwaway folder before anything imports paths.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="charrnn-tests-"))
os.environ["XDG_DATA_HOME"] = str(_SESSION_HOME / "xdg-data")
os.environ["XDG_CONFIG_HOME"] = str(_SESSION_HOME / "xdg-config")
os.environ["XDG_CACHE_HOME"] = str(_SESSION_HOME / "xdg-cache")
os.environ["CHARRNN_TUI_DATA_DIR"] = str(_SESSION_HOME / "charrnn-data")


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch) -> Path:
    """Every test gets its own data directory, via both platformdirs and our override."""
    data = tmp_path / "charrnn-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("CHARRNN_TUI_DATA_DIR", str(data))
    return data
