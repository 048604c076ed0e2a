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


ENGINE = ROOT / "tui_charrnn" / "engine"


def test_engine_never_imports_the_app_the_cli_or_paths():
    """The engine stands alone: nothing in it reaches up into a front end."""
    import ast

    banned = ("tui_charrnn.paths", "tui_charrnn.app", "tui_charrnn.cli", "textual")
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
                if node.module == "tui_charrnn":
                    names = [f"tui_charrnn.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(banned), f"{path.name} imports {name}"


def test_engine_strings_name_no_command_line_flags():
    """Engine messages say what is wrong; the CLI adds its flags and commands through hints."""
    import ast
    import re

    from tui_charrnn.cli import COMMANDS

    flag = re.compile(r"(^|\s|`)--[a-z]")
    # A command to type ("charrnn-tui runs", "`charrnn-tui`"); naming the program is fine.
    commands = "|".join(sorted([*COMMANDS, "app"]))
    command = re.compile(rf"`charrnn-tui|charrnn-tui\s+({commands})\b")
    for path in ENGINE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                where = f"{path.name}:{node.lineno}: {node.value!r}"
                assert not flag.search(node.value), where
                assert not command.search(node.value), where
