"""Save a whole run (latest.npz, best.npz, run.json) in a tight loop until killed.

Used by tests/test_run_save_kill.py, which SIGKILLs this process at random moments and checks
that every file of the run folder is always a complete old or new version.

Usage: run_save_loop.py ROOT NAME FIRST. Save number ``i`` (counting up from FIRST) fills
every array with ``i``, stores ``meta["counter"] == i`` and ``step == i`` in run.json, and is
a new best when ``i % 3 == 1`` (so save 1 writes best.npz and later ones keep an older one).
Prints ``begin i`` before and ``end i`` after each save, flushed, so the parent knows which
save a kill interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from tui_charrnn.engine.runs import create_run, open_run


def is_best(counter: int) -> bool:
    return counter % 3 == 1


def main() -> None:
    root, name, first = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    if (root / name).is_dir():
        run = open_run(name, root=root)
    else:
        run = create_run(name, {"config": {}, "vocab": "ab"}, root=root)
    # About 3 MB per checkpoint in several arrays and dtypes, so kills land mid-write.
    arrays = {
        "param/W": np.zeros((512, 1024), dtype=np.float32),
        "param/b": np.zeros(1024, dtype=np.float32),
        "optim/m/W": np.zeros((256, 1024), dtype=np.float64),
        "hidden": np.zeros((2, 1, 4, 64), dtype=np.float32),
    }
    counter = first
    while True:
        for array in arrays.values():
            array.fill(counter)
        print(f"begin {counter}", flush=True)
        run.save(
            arrays,
            {"counter": counter, "step": counter},
            is_best=is_best(counter),
            step=counter,
            status="running",
        )
        print(f"end {counter}", flush=True)
        counter += 1


if __name__ == "__main__":
    main()
