"""Save checkpoints to ``<dir>/latest.npz`` in a tight loop until killed.

Used by tests/test_checkpoint.py: the test SIGKILLs this process at random moments and checks
that the checkpoint on disk is always complete. Every array of save number ``i`` is filled
with ``i`` and ``meta["counter"] == i``, so a checkpoint mixing two saves is detectable.

Prints ``ready`` once the first checkpoint is on disk, so kills always land after it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from tui_charrnn.engine.checkpoint import save_checkpoint


def main() -> None:
    target = Path(sys.argv[1]) / "latest.npz"
    # A few MB per checkpoint, in several arrays and dtypes, so a kill usually lands mid-write.
    arrays = {
        "param/layer0/W": np.zeros((512, 1024), dtype=np.float32),
        "param/layer0/b": np.zeros(1024, dtype=np.float32),
        "optim/m/layer0/W": np.zeros((512, 1024), dtype=np.float32),
        "optim/v/layer0/W": np.zeros((256, 1024), dtype=np.float64),
        "rng/state": np.zeros(624, dtype=np.uint32),
    }
    counter = 0
    while True:
        counter += 1
        for array in arrays.values():
            array.fill(counter)
        save_checkpoint(target, arrays, {"counter": counter, "note": "kill test"})
        if counter == 1:
            print("ready", flush=True)


if __name__ == "__main__":
    main()
