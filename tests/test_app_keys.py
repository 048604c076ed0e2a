"""The key table (tui_charrnn/app/keys.py) is the one list of keys: check what is made from it."""

from __future__ import annotations

import re
from pathlib import Path

from tui_charrnn.app import keys
from tui_charrnn.app.app import CharRNNApp
from tui_charrnn.app.screens.help import HELP_TEXT

README = Path(__file__).resolve().parent.parent / "README.md"


def _readme_key_table() -> str:
    """The first table under the README's "## The app" heading, as written."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## The app\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return "\n".join(rows)


def test_readme_key_table_matches_the_key_table():
    assert _readme_key_table() == keys.readme_table()


def test_bindings_help_and_palette_come_from_the_table():
    bound = [(b.key, b.action, b.description, b.priority) for b in CharRNNApp.BINDINGS]
    expected = [(r.key, r.action, r.label, r.priority) for r in keys.KEYS if r.bound]
    assert bound == expected
    for row in keys.KEYS:
        if row.help:
            assert f"{row.help}" in HELP_TEXT
    # Every action the table names exists on the app, so no key is dead.
    for row in keys.KEYS:
        if row.bound:
            assert callable(getattr(CharRNNApp, f"action_{row.action}", None)), row.action
    # A typed "?" must reach an Input: only F-keys and Ctrl keys are priority bindings.
    for row in keys.KEYS:
        if row.priority and row.bound:
            assert re.fullmatch(r"f\d+|ctrl\+\w", row.key), row.key


def test_button_labels_name_their_keys():
    assert keys.button_label("start", "▶") == "▶ Start  F5"
    assert keys.button_label("stop_run", "■") == "■ Stop  F9"
