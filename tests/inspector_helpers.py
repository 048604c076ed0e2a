"""A fixed tiny checkpoint and a bare app for the inspector's Pilot and snapshot tests."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from tui_charrnn.app.inspector_jobs import InspectSource
from tui_charrnn.app.screens.inspector import InspectorScreen
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.loading import load_corpus
from tui_charrnn.engine.session import Session

# Short lines over a ten-character alphabet, with quotes and brackets for the unit finder.
WORDS = ["ab", "ba", "cab", '"ab"', "(ca)", "bc"]
TRAIN_STEPS = 40
SIZE = (100, 30)


def tiny_text(lines: int = 150) -> str:
    out = []
    for i in range(lines):
        out.append(" ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(3 + i % 3)))
    return "\n".join(out) + "\n"


def make_checkpoint(folder: Path, model: str = "gru") -> Path:
    """Train a 16-unit network for a few steps (fixed seed) and return its best checkpoint."""
    corpus_path = folder / "tiny.txt"
    corpus_path.write_text(tiny_text(), encoding="utf-8")
    config = TrainConfig(
        model=model,
        hidden_size=16,
        num_layers=1,
        seq_len=16,
        batch_size=4,
        learning_rate=0.01,
        peak_factor=1.0,  # the schedule these snapshots were taken with: a 0.01 peak
        weight_decay=0.0,  # and no weight decay
        eval_every=10,
        seed=11,
    )
    session = Session.create(
        load_corpus(corpus_path), config, run_name=f"tiny-{model}", root=folder
    )
    session.train(
        max_steps=TRAIN_STEPS,
        checkpoint_every_seconds=None,
        sample_every_seconds=None,
    )
    return session.run.checkpoint_path("best")


class InspectorHarness(App[None]):
    """Nothing but the inspector, opened on `source` once the app is up."""

    def __init__(self, source: InspectSource, retake=None) -> None:
        super().__init__()
        self.source = source
        self.retake = retake

    def on_mount(self) -> None:
        self.push_screen(InspectorScreen(self.source, retake=self.retake))


async def settle(pilot, want_result: bool = True) -> InspectorScreen:
    """Wait until every job (and the jobs they start) is done; bounded, never sleeps."""
    screen = pilot.app.screen
    for _ in range(50):
        # Only the inspector's own jobs: a training worker in the app never completes.
        mine = [w for w in pilot.app.workers if w.node is screen]
        if mine:  # (an empty list would mean every worker)
            await pilot.app.workers.wait_for_complete(mine)
        await pilot.pause()
        busy = any(not w.is_finished for w in pilot.app.workers if w.node is screen)
        if not busy and (screen.result is not None or not want_result):
            break
    return screen
