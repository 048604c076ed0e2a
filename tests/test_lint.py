"""The code base stays ruff clean (ruff comes with the test extra)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_check_passes():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [ruff, "check", "tui_charrnn", "tests", "benchmarks", "sample_corpora"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_engine_never_imports_textual():
    """The engine is usable from a plain script: importing it must not load Textual."""
    code = (
        "import sys\n"
        "import tui_charrnn.engine.session, tui_charrnn.engine.sampling, tui_charrnn.cli\n"
        "import tui_charrnn.paths\n"
        "assert 'textual' not in sys.modules, 'engine imported textual'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    for path in (ROOT / "tui_charrnn" / "engine").glob("*.py"):
        assert "textual" not in path.read_text(encoding="utf-8"), path.name
