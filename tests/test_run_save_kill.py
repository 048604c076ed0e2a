"""SIGKILL a process that saves a whole run (latest, best, run.json) at random moments.

After every kill the run folder must open and each of its files must be a complete version:
the one of the last finished save or the one of the save the kill interrupted, never a mix.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from helpers.run_save_loop import is_best

from tui_charrnn.engine.checkpoint import load_checkpoint
from tui_charrnn.engine.runs import open_run
from tui_charrnn.engine.storage import remove_stale_temp_files

REPO_ROOT = Path(__file__).resolve().parents[1]
HELPERS = Path(__file__).resolve().parent / "helpers"
RUN_SAVE_LOOP = HELPERS / "run_save_loop.py"

NAME = "killed"
MAX_KILLS = 30  # the loop stops here whatever happened
ENOUGH_KILLS = 8
ENOUGH_MID_WRITE = 2


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


def start_saver(root: Path, first: int) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, str(RUN_SAVE_LOOP), str(root), NAME, str(first)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_during_saves(process: subprocess.Popen, rng: random.Random) -> list[str]:
    """Wait for one finished save, let it go on a random while, SIGKILL it; all its markers."""
    lines = []
    try:
        while True:
            line = process.stdout.readline()
            assert line, process.stderr.read()  # it died before saving once
            lines.append(line.strip())
            if line.startswith("end "):
                break
        time.sleep(rng.uniform(0.0, 0.15))
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        # read(), not communicate(): readline() may already hold later lines in its buffer.
        rest = process.stdout.read()
        process.stdout.close()
        process.stderr.close()
    return lines + [line.strip() for line in rest.splitlines() if line.strip()]


def saves_seen(markers: list[str]) -> tuple[list[int], int | None]:
    """The saves this writer finished, and the one the kill interrupted (None between saves)."""
    begun = [int(m.split()[1]) for m in markers if m.startswith("begin ")]
    ended = [int(m.split()[1]) for m in markers if m.startswith("end ")]
    interrupted = begun[-1] if begun[-1] not in ended else None
    return ended, interrupted


def checkpoint_counter(path: Path) -> int:
    arrays, meta = load_checkpoint(path)  # verifies structure and checksum
    counter = meta["counter"]
    for name, array in arrays.items():
        assert np.all(array == counter), f"{path.name}: {name} mixes two saves"
    return counter


def check_folder(root: Path, ended: list[int], interrupted: int | None, old_best: int) -> int:
    """Check every file against the saves seen; return the best checkpoint's counter."""
    run = open_run(NAME, root=root)  # run.json parses and validates
    allowed = {ended[-1]} if interrupted is None else {ended[-1], interrupted}
    latest = checkpoint_counter(run.checkpoint_path("latest"))
    assert latest in allowed, (latest, allowed)
    step = json.loads(run.info_path.read_text("utf-8"))["step"]
    assert step in allowed, (step, allowed)
    assert step <= latest  # run.json is written after the checkpoints it describes
    # best.npz: the newest best this writer finished, else what it was before this writer;
    # or the interrupted save's, if that was a best.
    best_allowed = {max([i for i in ended if is_best(i)], default=old_best)}
    if interrupted is not None and is_best(interrupted):
        best_allowed.add(interrupted)
    best = checkpoint_counter(run.checkpoint_path("best"))
    assert best in best_allowed, (best, best_allowed)
    return best


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_whole_run_save_survives_sigkill(tmp_path):
    rng = random.Random(20261130)
    next_save, best = 1, 0  # save 1 is always a best: the first writer finishes it
    kills = mid_save = mid_file = 0
    while kills < MAX_KILLS and (kills < ENOUGH_KILLS or mid_file < ENOUGH_MID_WRITE):
        markers = kill_during_saves(start_saver(tmp_path, next_save), rng)
        kills += 1
        ended, interrupted = saves_seen(markers)
        mid_save += interrupted is not None
        # A temp file in the folder means the kill landed while a file was being written.
        mid_file += bool(temp_files(tmp_path / NAME))
        best = check_folder(tmp_path, ended, interrupted, best)
        # At most one temp file per kill; cleared so the next kill is judged on its own.
        assert len(temp_files(tmp_path / NAME)) <= 1
        remove_stale_temp_files(tmp_path / NAME, min_age=0)
        next_save = (interrupted or ended[-1]) + 1
    assert kills >= ENOUGH_KILLS
    assert mid_save >= 1, "no kill landed inside a save"
    assert mid_file >= ENOUGH_MID_WRITE, "no kill landed while a file was being written"
