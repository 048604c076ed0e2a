"""Tests for paths.py: data folders, bundled corpora lookup, corpus arguments, recent files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_charrnn import paths
from tui_charrnn.engine.errors import CorpusError
from tui_charrnn.engine.loading import BUILTIN_PYTHON, python_stdlib_corpus_path


def test_data_dir_honours_the_override(isolated_data_dir):
    assert paths.data_dir() == isolated_data_dir
    assert paths.runs_dir() == isolated_data_dir / "runs"
    assert paths.recent_files_path() == isolated_data_dir / "recent.json"
    assert not isolated_data_dir.exists()  # asking for the path creates nothing


def test_data_dir_falls_back_to_platformdirs(tmp_path, monkeypatch):
    monkeypatch.delenv("CHARRNN_TUI_DATA_DIR")
    import platformdirs

    expected = platformdirs.user_data_path("charrnn-tui", appauthor=False)
    assert paths.data_dir() == expected
    assert paths.data_dir().name == "charrnn-tui"
    monkeypatch.setenv("CHARRNN_TUI_DATA_DIR", "   ")  # blank counts as unset
    assert paths.data_dir() == expected


# ---- bundled corpora --------------------------------------------------------------------------


@pytest.fixture
def fake_corpora(tmp_path, monkeypatch) -> Path:
    """A bundled-corpora folder with an index, installed in place of the real one."""
    folder = tmp_path / "sample_corpora"
    folder.mkdir()
    for name in ("dialogue", "poems", "zzz"):
        (folder / f"{name}.txt").write_text(f"{name} text\n", encoding="utf-8")
    index = [
        {"file": "poems.txt", "title": "Poems", "description": "Short verse."},
        {"file": "dialogue.txt", "title": "Dialogue", "description": "People talking."},
        {"file": "missing.txt", "title": "Missing", "description": "Not there."},
    ]
    (folder / "corpora.json").write_text(json.dumps(index), encoding="utf-8")
    monkeypatch.setattr(paths, "bundled_corpora_dir", lambda: folder)
    return folder


def test_bundled_corpora_follow_the_index(fake_corpora):
    corpora = paths.bundled_corpora()
    # index order, the missing file left out, the unlisted zzz.txt not offered
    assert [c.name for c in corpora] == ["poems", "dialogue"]
    assert corpora[0].title == "Poems" and corpora[0].description == "Short verse."
    assert corpora[1].path == fake_corpora / "dialogue.txt"
    assert paths.default_corpus().name == "poems"


def test_bundled_corpora_without_an_index_list_txt_files(fake_corpora):
    (fake_corpora / "corpora.json").unlink()
    (fake_corpora / "readme.md").write_text("not a corpus", encoding="utf-8")
    corpora = paths.bundled_corpora()
    assert [c.name for c in corpora] == ["dialogue", "poems", "zzz"]
    assert all(c.description == "" for c in corpora)
    assert paths.default_corpus().name == "dialogue"


@pytest.mark.parametrize(
    "index",
    ["{not json", '{"file": "a.txt"}', '[{"file": "../escape.txt"}]', '[{"title": "no file"}]'],
)
def test_broken_corpus_index_is_a_clear_error(fake_corpora, index):
    (fake_corpora / "corpora.json").write_text(index, encoding="utf-8")
    with pytest.raises(CorpusError, match="corpus list"):
        paths.bundled_corpora()


def test_no_bundled_corpora(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "bundled_corpora_dir", lambda: tmp_path / "absent")
    assert paths.bundled_corpora() == []
    with pytest.raises(CorpusError, match="no bundled corpora"):
        paths.default_corpus()


def test_bundled_corpora_dir_prefers_the_package_copy(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    package = repo / "tui_charrnn"
    package.mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(package / "paths.py"))
    (repo / "sample_corpora").mkdir()
    assert paths.bundled_corpora_dir() == repo / "sample_corpora"  # source checkout
    (package / "sample_corpora").mkdir()
    assert paths.bundled_corpora_dir() == package / "sample_corpora"  # installed wheel


def test_real_bundled_corpora_dir_is_next_to_the_package():
    folder = paths.bundled_corpora_dir()
    assert folder.name == "sample_corpora"
    assert folder.parent in (
        Path(paths.__file__).resolve().parent.parent,
        Path(paths.__file__).resolve().parent,
    )
    for corpus in paths.bundled_corpora():  # whatever is there must exist
        assert corpus.path.is_file()


# ---- corpus arguments -------------------------------------------------------------------------


def test_resolve_corpus_arg(fake_corpora, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.resolve_corpus_arg("dialogue") == fake_corpora / "dialogue.txt"
    assert paths.resolve_corpus_arg("poems.txt") == fake_corpora / "poems.txt"
    assert paths.resolve_corpus_arg(BUILTIN_PYTHON) == python_stdlib_corpus_path()
    own = tmp_path / "mine.txt"
    own.write_text("my text", encoding="utf-8")
    assert paths.resolve_corpus_arg("mine.txt") == own.resolve()
    assert paths.resolve_corpus_arg(str(own)) == own.resolve()
    # a bundled name wins over a same-named file here; ./name reaches the file
    (tmp_path / "dialogue").write_text("local", encoding="utf-8")
    assert paths.resolve_corpus_arg("dialogue") == fake_corpora / "dialogue.txt"
    assert paths.resolve_corpus_arg("./dialogue") == (tmp_path / "dialogue").resolve()


def test_resolve_unknown_corpus_lists_the_bundled_names(fake_corpora, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CorpusError) as caught:
        paths.resolve_corpus_arg("shakespeare")
    message = str(caught.value)
    assert "shakespeare" in message
    assert "poems, dialogue, python-stdlib" in message
    with pytest.raises(CorpusError):
        paths.resolve_corpus_arg("  ")


# ---- recent files -----------------------------------------------------------------------------


def test_recent_files_most_recent_first_without_duplicates(tmp_path):
    assert paths.load_recent() == []
    for i in range(12):
        paths.remember_recent(tmp_path / f"{i}.txt")
    recent = paths.load_recent()
    assert len(recent) == paths.MAX_RECENT == 10
    assert recent[0] == str(tmp_path / "11.txt")
    assert recent[-1] == str(tmp_path / "2.txt")
    paths.remember_recent(tmp_path / "5.txt")
    recent = paths.load_recent()
    assert recent[0] == str(tmp_path / "5.txt")
    assert recent.count(str(tmp_path / "5.txt")) == 1 and len(recent) == 10
    # written atomically: no temporary files left beside the list
    assert [p.name for p in paths.recent_files_path().parent.iterdir()] == ["recent.json"]


def test_recent_paths_are_stored_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths.remember_recent("relative.txt")
    paths.remember_recent(BUILTIN_PYTHON)  # the built-in name stays a name
    assert paths.load_recent() == [BUILTIN_PYTHON, str(tmp_path / "relative.txt")]


@pytest.mark.parametrize("content", ["{corrupt", '{"a": 1}', "[1, null, 2]", "\xff"])
def test_corrupt_recent_list_is_ignored(content, tmp_path):
    target = paths.recent_files_path()
    target.parent.mkdir(parents=True)
    target.write_text(content, encoding="latin-1")
    assert paths.load_recent() == []
    paths.remember_recent(tmp_path / "fresh.txt")
    assert paths.load_recent() == [str(tmp_path / "fresh.txt")]


def test_recent_list_write_failure_is_not_fatal(tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("CHARRNN_TUI_DATA_DIR", str(blocker / "data"))
    assert paths.remember_recent(tmp_path / "x.txt") == [str(tmp_path / "x.txt")]
    assert paths.load_recent() == []
