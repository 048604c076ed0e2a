"""Snapshot tests of the inspector's three views on a fixed tiny checkpoint.

The checkpoint is trained in the test for a few steps with a fixed seed; the text shown is a
fixed string (not the validation split, whose path would change the title from run to run).
Regenerate after an intended change with
``pytest tests/test_inspector_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from inspector_helpers import SIZE, InspectorHarness, make_checkpoint, settle, tiny_text

from tui_charrnn.app.inspector_jobs import InspectSource

# Each snapshot starts an app: outside the quick `-m "not slow"` loop.
pytestmark = pytest.mark.slow

FIXED_TEXT = tiny_text(40)


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory) -> str:
    return str(make_checkpoint(tmp_path_factory.mktemp("inspector-snapshots")))


def _app(checkpoint: str) -> InspectorHarness:
    return InspectorHarness(InspectSource(label="tiny-gru", stored=checkpoint))


def _before(*keys: str):
    async def run_before(pilot) -> None:
        screen = await settle(pilot, want_result=False)
        screen.score(FIXED_TEXT, "a fixed text")
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["100x30", "80x24"])
def test_surprise_view(snap_compare, checkpoint, size) -> None:
    app = _app(checkpoint)
    assert snap_compare(app, terminal_size=size, run_before=_before("right", "right", "down"))


def test_neurons_view(snap_compare, checkpoint) -> None:
    app = _app(checkpoint)
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("n", "down", "down"))


def test_generate_view(snap_compare, checkpoint) -> None:
    app = _app(checkpoint)
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("g", "1", "2", "m"))
