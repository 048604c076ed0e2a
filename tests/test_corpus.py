"""Tests for engine/text.py and engine/loading.py: vocabulary, corpus, loading, errors."""

from __future__ import annotations

import errno
import hashlib
import os
import pathlib
import tracemalloc

import numpy as np
import pytest

from tui_charrnn.engine import loading as loading_module
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.errors import CorpusError
from tui_charrnn.engine.loading import BUILTIN_PYTHON, load_corpus, python_stdlib_corpus_path
from tui_charrnn.engine.text import Corpus, Vocabulary, check_trainable, ids_dtype

SAMPLE = "The quick brown fox.\nCafé au lait, naïve señor — 東京 😀 𝄞!\n"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write(path: pathlib.Path, data: bytes | str) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.fixture
def small_chunks(monkeypatch):
    """Return a setter for loading.CHUNK_SIZE so tests can exercise chunk boundaries."""

    def set_chunk(size: int) -> None:
        monkeypatch.setattr(loading_module, "CHUNK_SIZE", size)

    return set_chunk


# ---- Vocabulary -------------------------------------------------------------------------------


def test_vocabulary_is_sorted_and_round_trips():
    vocab = Vocabulary.from_text(SAMPLE)
    assert vocab.chars == "".join(sorted(set(SAMPLE)))
    assert vocab.size == len(set(SAMPLE)) == len(vocab)
    ids = vocab.encode(SAMPLE)
    assert ids.ndim == 1 and ids.shape[0] == len(SAMPLE)
    assert vocab.decode(ids) == SAMPLE
    # ids follow the sorted order of characters
    assert vocab.index("\n") == 0
    assert [vocab.index(ch) for ch in vocab.chars] == list(range(vocab.size))
    assert vocab.index("Z") is None
    assert vocab.decode([vocab.index("T")]) == "T"
    assert vocab.decode(np.int64(vocab.index("q"))) == "q"
    assert vocab.decode([]) == ""
    assert vocab.encode("").shape == (0,)


def test_vocabulary_rebuilds_from_its_chars_and_compares_equal():
    vocab = Vocabulary.from_text(SAMPLE)
    again = Vocabulary(vocab.chars)
    assert again == vocab and hash(again) == hash(vocab)
    assert Vocabulary("abc") != Vocabulary("abd")
    assert np.array_equal(again.encode(SAMPLE), vocab.encode(SAMPLE))


@pytest.mark.parametrize("chars", ["ba", "aab", ""])
def test_vocabulary_rejects_unsorted_duplicate_or_empty_chars(chars):
    with pytest.raises(CorpusError):
        Vocabulary(chars)


def test_vocabulary_handles_code_points_beyond_the_bmp():
    text = "a😀b\U0010fffd\U0001d11e"  # emoji, last plane, musical symbol (4-byte UTF-8)
    vocab = Vocabulary.from_text(text)
    assert vocab.size == 5
    assert vocab.chars[-1] == "\U0010fffd"
    assert vocab.decode(vocab.encode(text)) == text
    assert vocab.index("😀") == vocab.chars.index("😀")


def test_encode_names_the_first_unknown_character_and_its_position():
    vocab = Vocabulary("abc")
    with pytest.raises(CorpusError, match=r"'z'.*position 3"):
        vocab.encode("abcz a")
    # above the largest code point in the table
    with pytest.raises(CorpusError, match=r"U\+1F600.*position 1"):
        vocab.encode("a😀")


def test_decode_rejects_ids_outside_the_vocabulary():
    vocab = Vocabulary("abc")
    with pytest.raises(CorpusError, match="outside"):
        vocab.decode([0, 3])
    with pytest.raises(CorpusError, match="outside"):
        vocab.decode(np.array([-1]))


def test_dtype_is_the_smallest_that_fits():
    assert ids_dtype(2) == np.uint8
    assert ids_dtype(256) == np.uint8
    assert ids_dtype(257) == np.uint16
    assert ids_dtype(65536) == np.uint16
    assert ids_dtype(65537) == np.uint32
    assert Vocabulary.from_text("ab").encode("ab").dtype == np.uint8
    wide = "".join(chr(c) for c in range(0x100, 0x100 + 300))
    assert Vocabulary(wide).encode(wide).dtype == np.uint16
    # 70,000 distinct characters (skipping surrogates) need uint32 ids
    code_points = [c for c in range(0x20, 0x20 + 72_100) if not 0xD800 <= c <= 0xDFFF][:70_000]
    huge = "".join(map(chr, code_points))
    vocab = Vocabulary(huge)
    ids = vocab.encode(huge)
    assert ids.dtype == np.uint32 and int(ids[-1]) == 69_999
    assert vocab.decode(ids[-3:]) == huge[-3:]


# ---- Corpus objects ---------------------------------------------------------------------------


def test_corpus_from_text():
    corpus = Corpus.from_text(SAMPLE, name="sample")
    assert corpus.name == "sample" and corpus.path is None
    assert corpus.num_chars == len(SAMPLE)
    assert corpus.sha256 == sha(SAMPLE)
    assert corpus.ids.dtype == np.uint8
    assert corpus.preview(9) == SAMPLE[:9]
    assert corpus.preview() == SAMPLE  # shorter than the default 400
    with pytest.raises(CorpusError, match="empty"):
        Corpus.from_text("")


def test_split_takes_the_tail_as_views():
    text = "".join(chr(ord("a") + i % 26) for i in range(1000))
    corpus = Corpus.from_text(text)
    train, val = corpus.split(0.1)
    assert train.size == 900 and val.size == 100
    assert train.size + val.size == corpus.num_chars
    assert corpus.vocab.decode(val) == text[-100:]
    assert corpus.vocab.decode(train) == text[:900]
    assert np.shares_memory(train, corpus.ids) and np.shares_memory(val, corpus.ids)
    # floating point: 0.29 * 100 must give 29, not 28
    train, val = Corpus.from_text(text[:100]).split(0.29)
    assert (train.size, val.size) == (71, 29)
    train, val = corpus.split(0.0)
    assert train.size == 1000 and val.size == 0
    with pytest.raises(CorpusError):
        corpus.split(1.0)
    with pytest.raises(CorpusError):
        corpus.split(-0.1)


def test_check_trainable():
    corpus = Corpus.from_text("x" * 80 + "y" * 20)
    check_trainable(corpus, TrainConfig(seq_len=64, val_fraction=0.1))  # 90 >= 65, 10 >= 2
    with pytest.raises(
        CorpusError,
        match=r"corpus too short: 90 training characters.*at least 91 for sequence length 90",
    ):
        check_trainable(corpus, TrainConfig(seq_len=90, val_fraction=0.1))
    tiny_val = Corpus.from_text("abcdefghijklmnopqrst")  # 20 chars: 5% -> 1 validation char
    with pytest.raises(CorpusError, match="validation"):
        check_trainable(tiny_val, TrainConfig(seq_len=4, val_fraction=0.05))
    check_trainable(tiny_val, TrainConfig(seq_len=4, val_fraction=0.0))  # validation disabled


# ---- loading single files ---------------------------------------------------------------------


def test_load_file_matches_from_text(tmp_path):
    path = write(tmp_path / "story.txt", SAMPLE)
    corpus = load_corpus(path)
    reference = Corpus.from_text(SAMPLE)
    assert corpus.name == "story"
    assert corpus.path == os.path.abspath(path)
    assert corpus.sha256 == reference.sha256 == sha(SAMPLE)
    assert corpus.vocab == reference.vocab
    assert np.array_equal(corpus.ids, reference.ids)
    info = corpus.source_info
    assert info["encoding"] == "utf-8"
    assert info["files_used"] == 1 and info["files_skipped"] == 0
    assert info["bytes_read"] == len(SAMPLE.encode("utf-8"))
    assert info["truncated"] is False


def test_relative_and_symlinked_paths_keep_the_given_name(tmp_path, monkeypatch):
    target = write(tmp_path / "real-name.txt", "abc")
    os.symlink(target, tmp_path / "alias.txt")
    monkeypatch.chdir(tmp_path)
    corpus = load_corpus("alias.txt")
    assert corpus.name == "alias"
    assert corpus.path == str(tmp_path / "alias.txt")
    folder = load_corpus(".")  # both names, the link followed for a file
    assert folder.name == tmp_path.name
    assert folder.vocab.decode(folder.ids) == "abc\n\nabc"


def test_crlf_is_normalised_and_bom_stripped(tmp_path):
    path = write(tmp_path / "win.txt", b"\xef\xbb\xbfone\r\ntwo\r\nthree\rfour\r\n")
    corpus = load_corpus(path)
    text = corpus.vocab.decode(corpus.ids)
    assert text == "one\ntwo\nthree\rfour\n"  # a lone \r is kept
    assert "\ufeff" not in corpus.vocab.chars
    assert corpus.sha256 == sha(text)


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64])
def test_chunk_boundaries_do_not_change_the_result(tmp_path, small_chunks, chunk):
    # BOM, CRLF pairs and 2-, 3- and 4-byte characters all land on chunk edges for some size.
    data = ("\ufeff" + SAMPLE.replace("\n", "\r\n") * 3 + "é\r").encode("utf-8")
    path = write(tmp_path / "mixed.txt", data)
    expected = data.decode("utf-8")[1:].replace("\r\n", "\n")
    small_chunks(chunk)
    corpus = load_corpus(path)
    assert corpus.vocab.decode(corpus.ids) == expected
    assert corpus.sha256 == sha(expected)


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 6, 1000])
def test_decode_error_reports_the_absolute_byte_offset(tmp_path, small_chunks, chunk):
    good = "naïve café 東京 😀 ".encode() * 5
    path = write(tmp_path / "bad.txt", good + b"\xff rest")
    small_chunks(chunk)
    with pytest.raises(CorpusError) as caught:
        load_corpus(path)
    message = str(caught.value)
    assert f"not valid UTF-8 at byte {len(good)} (0xff)" in message
    assert "latin-1" in message and "bad.txt" in message
    assert caught.value.hint == "encoding" and "--" not in message
    assert "\n" not in message


@pytest.mark.parametrize("chunk", [1, 2, 3, 1000])
def test_decode_error_inside_a_character_split_across_chunks(tmp_path, small_chunks, chunk):
    # "\xe2\x82" starts a 3-byte character that "X" breaks: the error is where it started.
    write(tmp_path / "split.txt", b"ab\xe2\x82X and more")
    write(tmp_path / "cut.txt", b"abcd\xe2\x82")  # truncated character at end of file
    small_chunks(chunk)
    with pytest.raises(CorpusError, match=r"at byte 2 \(0xe2\)"):
        load_corpus(tmp_path / "split.txt")
    with pytest.raises(CorpusError, match=r"at byte 4 \(0xe2\)"):
        load_corpus(tmp_path / "cut.txt")


def test_latin1_file_needs_its_encoding(tmp_path):
    path = write(tmp_path / "latin.txt", "Ça coûte très cher, señor.\n".encode("latin-1"))
    with pytest.raises(CorpusError, match=r"not valid UTF-8 at byte 0 \(0xc7\)"):
        load_corpus(path)
    corpus = load_corpus(path, encoding="latin-1")
    assert corpus.vocab.decode(corpus.ids) == "Ça coûte très cher, señor.\n"
    assert corpus.source_info["encoding"] == "iso8859-1"


def test_utf16_file_is_not_mistaken_for_binary(tmp_path):
    path = write(tmp_path / "wide.txt", "hello wide world\n".encode("utf-16"))
    corpus = load_corpus(path, encoding="utf-16")
    assert corpus.vocab.decode(corpus.ids) == "hello wide world\n"


@pytest.mark.parametrize("encoding", ["no-such-codec", "base64"])
def test_unknown_or_non_text_encoding(tmp_path, encoding):
    path = write(tmp_path / "a.txt", "text")
    with pytest.raises(CorpusError, match=encoding):
        load_corpus(path, encoding=encoding)


def test_missing_path(tmp_path):
    with pytest.raises(CorpusError, match="no such file: .*nothing.txt"):
        load_corpus(tmp_path / "nothing.txt")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf", "is empty"),  # only a BOM
        (b"  \n\t\r\n  \n", "only whitespace"),
        (b"GIF89a\x00\x01\x02text", "looks like a binary file"),
        (bytes(range(1, 32)) * 20, "looks like a binary file"),  # control characters, no NUL
    ],
)
def test_unusable_file_contents(tmp_path, data, message):
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(CorpusError, match=message):
        load_corpus(path)


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = write(tmp_path / "big.txt", "x" * 5000)
    with pytest.raises(CorpusError, match="limit"):
        load_corpus(path, max_bytes=4096)
    assert load_corpus(path, max_bytes=5000).num_chars == 5000


def test_glob_on_a_single_file_is_refused(tmp_path):
    with pytest.raises(CorpusError, match="pattern"):
        load_corpus(write(tmp_path / "a.txt", "abc"), glob="*.py")


def test_unreadable_file_via_monkeypatched_open(tmp_path, monkeypatch):
    target = write(tmp_path / "secret.txt", "hidden text")
    real_open = pathlib.Path.open

    def guarded_open(self, *args, **kwargs):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", guarded_open)
    with pytest.raises(CorpusError, match=r"cannot read .*secret.txt: permission denied"):
        load_corpus(target)
    # In a folder the same file is skipped, not fatal.
    write(tmp_path / "public.txt", "visible text")
    corpus = load_corpus(tmp_path)
    assert corpus.source_info["files_used"] == 1
    assert corpus.source_info["skipped_examples"] == ["secret.txt (permission denied)"]


def test_unreadable_folder_is_one_clear_error(tmp_path, monkeypatch):
    # Simulated rather than made with chmod, which root (CI containers) ignores.
    folder = tmp_path / "locked"
    folder.mkdir()
    write(folder / "a.txt", "some text")
    real_scandir = os.scandir

    def guarded_scandir(path=".", *args, **kwargs):
        if pathlib.Path(path) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    with pytest.raises(CorpusError, match="permission denied") as info:
        load_corpus(folder)
    assert "\n" not in str(info.value)


def test_progress_is_increasing_and_ends_at_one(tmp_path, small_chunks):
    path = write(tmp_path / "long.txt", SAMPLE * 200)  # ~13 KB
    small_chunks(16)  # ~800 chunks per pass, far more than the ~100 reports allowed
    fractions: list[float] = []
    load_corpus(path, progress=fractions.append)
    assert fractions[-1] == 1.0
    assert all(np.diff(fractions) > 0)
    assert 10 <= len(fractions) <= 101
    assert fractions[0] > 0


def test_big_file_peak_memory_stays_under_four_times_its_size(tmp_path):
    line = "It was the best of times, it was the worst of times — ça va? 😀\n"
    path = tmp_path / "big.txt"
    path.write_text(line * (5_000_000 // len(line.encode())), encoding="utf-8")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        corpus = load_corpus(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert corpus.num_chars == len(line) * (5_000_000 // len(line.encode()))
    assert peak < 4 * size, f"peak {peak / size:.2f}x the file size"


# ---- folders ----------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> pathlib.Path:
    """A folder with usable files and every kind of file that must be left out."""
    root = tmp_path / "project"
    write(root / "a.txt", "alpha text\n")
    write(root / "b.md", "# beta\r\n")
    write(root / "sub" / "c.py", "print('gamma')\n")
    write(root / "sub" / "deeper" / "d.rst", "delta\n")
    write(root / "blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # binary
    write(root / "old.txt", "caf\xe9\n".encode("latin-1"))  # undecodable as UTF-8
    write(root / "empty.txt", b"")
    write(root / "notes.xyz", "unknown suffix\n")
    write(root / ".hidden" / "e.txt", "hidden folder\n")
    write(root / ".secret.txt", "hidden file\n")
    write(root / "__pycache__" / "f.py", "cached\n")
    return root


def test_folder_collects_text_files_in_sorted_order(project):
    corpus = load_corpus(project)
    texts = ["alpha text\n", "# beta\n", "unknown suffix\n", "print('gamma')\n", "delta\n"]
    expected = "\n\n".join(texts)
    assert corpus.vocab.decode(corpus.ids) == expected
    assert corpus.sha256 == sha(expected)
    assert corpus.name == "project"
    assert corpus.path == os.path.abspath(project)
    info = corpus.source_info
    assert info["files_used"] == 5
    assert info["files_skipped"] == 2
    assert info["skipped_by_reason"] == {"binary": 1, "undecodable": 1, "unreadable": 0}
    assert info["skipped_examples"] == [
        "blob.txt (binary)",
        "old.txt (not valid UTF-8 at byte 3 (0xe9))",
    ]
    assert info["files_empty"] == 1
    assert info["truncated"] is False
    assert info["bytes_read"] == sum(len(t.encode()) for t in expected.split("\n\n")) + 1  # \r


def test_folder_result_does_not_depend_on_chunk_size(project, small_chunks):
    reference = load_corpus(project)
    small_chunks(3)
    again = load_corpus(project)
    assert again.sha256 == reference.sha256
    assert np.array_equal(again.ids, reference.ids)


@pytest.mark.parametrize(
    ("glob", "expected"),
    [
        ("*.py", ["print('gamma')\n"]),
        ("sub/*.py", ["print('gamma')\n"]),
        ("**/*.txt", ["alpha text\n"]),  # ** also matches no folder at all
        ("sub/**", ["print('gamma')\n", "delta\n"]),
        (["*.md", "*.rst"], ["# beta\n", "delta\n"]),
        ("*.xyz", ["unknown suffix\n"]),
    ],
)
def test_folder_glob(project, glob, expected):
    corpus = load_corpus(project, glob=glob)
    assert corpus.vocab.decode(corpus.ids) == "\n\n".join(expected)


def test_folder_without_usable_files(tmp_path):
    root = tmp_path / "nothing"
    write(root / "image.png", b"\x89PNG\x00")
    with pytest.raises(CorpusError, match=r"no text files in folder .*\(1 binary; e\.g\."):
        load_corpus(root)
    with pytest.raises(CorpusError, match=r"no files matching '\*.go'"):
        load_corpus(root, glob="*.go")
    write(root / "data.txt", b"\x00\x01\x02")
    write(root / "blank.txt", b"   \n")
    with pytest.raises(CorpusError, match=r"\(2 binary, 1 empty; e\.g\. data.txt \(binary\)"):
        load_corpus(root)


def test_folder_size_cap_truncates(tmp_path):
    root = tmp_path / "capped"
    for i in range(5):
        write(root / f"{i}.txt", chr(ord("a") + i) * 100)
    corpus = load_corpus(root, max_bytes=250)  # two whole files and half of the third
    assert corpus.source_info["truncated"] is True
    assert corpus.source_info["bytes_read"] == 250
    assert corpus.source_info["files_used"] == 3
    assert corpus.vocab.decode(corpus.ids) == "\n\n".join(["a" * 100, "b" * 100, "c" * 50])
    # a cap that falls exactly between files still reports truncation
    exact = load_corpus(root, max_bytes=200)
    assert exact.source_info["truncated"] is True and exact.source_info["files_used"] == 2
    assert exact.source_info["files_empty"] == 0  # the next file is not opened at all
    whole = load_corpus(root, max_bytes=500)
    assert whole.source_info["truncated"] is False and whole.source_info["files_used"] == 5


def test_folder_cap_never_splits_a_character(tmp_path, small_chunks):
    root = tmp_path / "cut"
    write(root / "a.txt", "ab😀cd")  # the emoji occupies bytes 2..5
    small_chunks(2)
    corpus = load_corpus(root, max_bytes=4)
    assert corpus.vocab.decode(corpus.ids) == "ab"
    assert corpus.source_info["truncated"] is True


def test_folder_does_not_follow_symlink_loops(tmp_path):
    root = tmp_path / "loopy"
    write(root / "a.txt", "only once\n")
    os.symlink(root, root / "loop", target_is_directory=True)
    corpus = load_corpus(root)
    assert corpus.source_info["files_used"] == 1
    assert corpus.vocab.decode(corpus.ids) == "only once\n"


def test_folder_progress(project):
    fractions: list[float] = []
    load_corpus(project, progress=fractions.append)
    assert fractions and fractions[-1] == 1.0
    assert all(np.diff(fractions) > 0)


# ---- the built-in Python corpus ---------------------------------------------------------------


def test_python_stdlib_corpus_loads_python_files():
    folder = python_stdlib_corpus_path()
    assert folder.is_dir()
    assert (folder / "os.py").is_file()
    corpus = load_corpus(folder, max_bytes=100_000)
    assert corpus.name == BUILTIN_PYTHON
    assert corpus.source_info["truncated"] is True
    assert 0 < corpus.source_info["bytes_read"] <= 100_000
    text = corpus.preview(corpus.num_chars)
    assert "def " in text or "import " in text
