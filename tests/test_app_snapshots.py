"""Snapshot tests of the app's screens (pytest-textual-snapshot).

Everything that could vary between machines is pinned: the bundled corpus list (a fixed
text, so the real bundled corpora can change without breaking these), the download registry,
the hyperparameters (not the engine's defaults, which may be retuned), the run list and the
time zone. No training runs, so no numbers move.

Regenerate after an intended change with ``pytest tests/test_app_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tui_charrnn import paths
from tui_charrnn.app.app import CharRNNApp
from tui_charrnn.engine import runs as run_store
from tui_charrnn.engine import sources
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.runs import RunSummary

# Each snapshot starts the whole app: outside the quick `-m "not slow"` loop.
pytestmark = pytest.mark.slow

SIZE = (120, 40)

SONNET = (
    """\
Of quiet looms the weaver sang at night,
and every thread she pulled became a word;
the shuttle flew, the lamp burned low and bright,
and all the sleeping village overheard.
"""
    * 20
)


PINNED_DOWNLOAD = {
    "name": "ballads",
    "title": "Ballads",
    "url": "https://example.invalid/ballads.txt",
    "size": 1_115_394,
    "sha256": "0" * 64,
    "description": "old ballads, offered for download",
    "credit": "written for the tests",
}


@pytest.fixture
def pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One fixed 'bundled' corpus and UTC times, whatever the machine."""
    corpus = tmp_path / "weaver.txt"
    corpus.write_text(SONNET, encoding="utf-8")
    fixed = [
        paths.BundledCorpus("weaver", "Weaver", "a short rhymed poem, repeated", corpus),
    ]
    monkeypatch.setattr(paths, "bundled_corpora", lambda directory=None: list(fixed))
    # One downloadable corpus, never downloaded (the data folder is the test's own).
    registry = tmp_path / "sources.json"
    registry.write_text(json.dumps([PINNED_DOWNLOAD]), encoding="utf-8")
    monkeypatch.setattr(sources, "REGISTRY_PATH", registry)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def _settle(pilot) -> None:
    """Let the corpus load finish and drop the focus (no blinking cursor in the image)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.set_focus(None)
    await pilot.pause()


# Every field the pane shows, spelled out, so a change of the engine's defaults does not
# change these pictures.
PINNED_CONFIG = TrainConfig(
    model="lstm",
    optimizer="adam",
    hidden_size=256,
    num_layers=1,
    seq_len=64,
    batch_size=32,
    learning_rate=0.002,
    clip=5.0,
    dropout=0.0,
    weight_drop=0.15,
    val_fraction=0.1,
    seed=1337,
)


def _app() -> CharRNNApp:
    return CharRNNApp(config=PINNED_CONFIG, offer_resume=False)


def test_main_screen(snap_compare, pinned) -> None:
    assert snap_compare(_app(), terminal_size=SIZE, run_before=_settle)


def test_main_screen_80x24(snap_compare, pinned) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_settle)


def test_error_state(snap_compare, pinned) -> None:
    """A corpus path that does not exist and an invalid hidden size, both explained inline."""

    async def run_before(pilot) -> None:
        await _settle(pilot)
        app = pilot.app
        path = app.query_one("#corpus-path")
        path.value = "no/such/corpus.txt"
        path.focus()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        app.query_one("#hp-hidden_size").focus()
        await pilot.press("0")
        await _settle(pilot)

    assert snap_compare(_app(), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x40", "80x24"])
def test_run_browser(snap_compare, pinned, monkeypatch: pytest.MonkeyPatch, size) -> None:
    summaries = [
        RunSummary(
            "quiet-heron-0042",
            "lstm",
            256,
            1,
            "weaver",
            12_400,
            1.4213,
            "2025-01-02T10:30:00+00:00",
            "stopped",
        ),
        RunSummary(
            "brave-otter-1337",
            "rnn",
            128,
            2,
            "tinyshakespeare",
            3_000,
            1.9034,
            "2025-01-01T08:05:00+00:00",
            "finished",
        ),
        RunSummary(
            "broken-run",
            None,
            None,
            None,
            None,
            0,
            None,
            "2024-12-31T23:59:00+00:00",
            run_store.CORRUPT,
        ),
    ]
    monkeypatch.setattr(run_store, "list_runs", lambda root=None: list(summaries))

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f3")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=size, run_before=run_before)
