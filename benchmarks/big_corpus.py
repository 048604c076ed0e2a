"""Peak memory and time to load a big text file as a corpus (issue: 100 MB under 4x its size).

    python benchmarks/big_corpus.py            # builds a 100 MB file in a temporary folder
    python benchmarks/big_corpus.py --mb 300

The file is made by repeating the bundled corpora (with a counter, so it is not one block
repeated). Loading runs in a fresh process so its peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tui_charrnn.paths import bundled_corpora

CHILD = r"""
import json, resource, sys, time
from tui_charrnn.engine.loading import load_corpus

def rss_mb():
    # VmHWM is this process's own peak (ru_maxrss may include the parent's on Linux).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

before = rss_mb()
started = time.perf_counter()
calls = []
corpus = load_corpus(sys.argv[1], progress=calls.append)
print(json.dumps({
    "seconds": round(time.perf_counter() - started, 2),
    "baseline_rss_mb": round(before, 1),
    "peak_rss_mb": round(rss_mb(), 1),
    "chars": corpus.num_chars,
    "vocab": corpus.vocab.size,
    "ids_dtype": str(corpus.ids.dtype),
    "progress_calls": len(calls),
}))
"""


def build_file(path: Path, megabytes: float) -> int:
    texts = [c.path.read_text(encoding="utf-8") for c in bundled_corpora()]
    target = int(megabytes * 1024 * 1024)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        copy = 0
        while written < target:
            for text in texts:
                piece = f"\n== copy {copy} ==\n{text}"
                out.write(piece)
                written += len(piece.encode("utf-8"))
            copy += 1
    return path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="file size in MB (100)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.txt"
        size = build_file(path, args.mb)
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True, text=True
        )
        report = json.loads(result.stdout)
    size_mb = size / 1024 / 1024
    report["file_mb"] = round(size_mb, 1)
    report["peak_over_file"] = round(
        (report["peak_rss_mb"] - report["baseline_rss_mb"]) / size_mb, 2
    )
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
