"""The wheel carries the bundled corpora, and an installed package finds them."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and installs it

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (path,) = out.glob("tui_charrnn-*.whl")
    return path


def test_wheel_contains_every_bundled_corpus(wheel):
    index = json.loads((ROOT / "sample_corpora" / "corpora.json").read_text(encoding="utf-8"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tui_charrnn/sample_corpora/corpora.json" in names
    for entry in index:
        assert f"tui_charrnn/sample_corpora/{entry['file']}" in names


def test_installed_package_loads_each_bundled_corpus(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import json\n"
        "from tui_charrnn.paths import bundled_corpora\n"
        "from tui_charrnn.engine.loading import load_corpus\n"
        "out = []\n"
        "for c in bundled_corpora():\n"
        "    corpus = load_corpus(c.path)\n"
        "    out.append([c.name, str(c.path), corpus.num_chars, c.description])\n"
        "print(json.dumps(out))\n"
    )
    # Run from an empty folder with only the unpacked wheel on the path: no source checkout.
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n" + code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(result.stdout)
    assert len(loaded) >= 4
    for name, path, num_chars, description in loaded:
        assert Path(path).is_relative_to(site), (name, path)
        assert num_chars > 20_000 and description


def test_installed_package_reads_the_download_registry(wheel, tmp_path):
    assert "tui_charrnn/engine/sources.json" in zipfile.ZipFile(wheel).namelist()
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        f"import sys; sys.path.insert(0, {str(site)!r})\n"
        "from tui_charrnn.engine.sources import REGISTRY_PATH, load_registry\n"
        "print(REGISTRY_PATH, *[s.name for s in load_registry()])\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    registry_path, *names = result.stdout.split()
    assert Path(registry_path).is_relative_to(site)
    assert "tinyshakespeare" in names
