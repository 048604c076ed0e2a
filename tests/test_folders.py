"""Folder corpora chosen by content: every text file whatever its name, binaries skipped and
counted by reason, hidden and vendored folders ignored, the glob still narrowing the choice."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tui_charrnn import cli
from tui_charrnn.engine import loading
from tui_charrnn.engine.errors import CorpusError
from tui_charrnn.engine.loading import IGNORED_DIR_NAMES, load_corpus, skipped_summary
from tui_charrnn.formatting import byte_size

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"\x01\x00\x3e\x00"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def text_of(corpus) -> str:
    return corpus.vocab.decode(corpus.ids)


def joined(texts: list[str]) -> str:
    """What a folder of these texts must load as: joined by a blank line."""
    return "\n\n".join(texts)


def zip_bytes(tmp_path: Path) -> bytes:
    archive = tmp_path / "made.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("inside.txt", "zipped text " * 20)
    return archive.read_bytes()


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Plain text under every kind of name, next to binaries, a latin-1 file and ignored places."""
    root = tmp_path / "mixed"
    texts = {
        "LICENSE": "Permission is hereby granted\n",
        "Makefile": "all:\n\techo done\n",
        "NOTICE": "notice text\n",
        "README": "read me first\n",
        "data.csv": "a,b\n1,2\n",
        "server.log": "INFO started\n",
        "table.tsv": "a\tb\n",
    }
    for name, text in texts.items():
        write(root / name, text)
    write(root / "docs" / "guide", "a guide without suffix\n")
    write(root / "image.png", PNG)
    write(root / "program", ELF)
    write(root / "archive.zip", zip_bytes(tmp_path))
    write(root / "nul.txt", "text with a \x00 NUL inside\n")
    write(root / "old.txt", "caf\xe9 cr\xe8me\n".encode("latin-1"))
    write(root / ".env", "SECRET=1\n")
    for folder in (".git", "node_modules", "__pycache__", ".venv", "build", "vendor"):
        write(root / folder / "inside.txt", f"from {folder}\n")
    write(root / "myenv" / "pyvenv.cfg", "home = /usr/bin\n")  # a venv under any name
    write(root / "myenv" / "lib.py", "venv code\n")
    return root


def test_text_files_are_used_whatever_their_names(mixed: Path):
    corpus = load_corpus(mixed)
    assert text_of(corpus) == joined(
        [
            "Permission is hereby granted\n",
            "all:\n\techo done\n",
            "notice text\n",
            "read me first\n",
            "a,b\n1,2\n",
            "a guide without suffix\n",
            "INFO started\n",
            "a\tb\n",
        ]
    )  # sorted by path: upper case before lower case, docs/guide between data.csv and image.png
    info = corpus.source_info
    assert info["folder"] is True
    assert info["files_used"] == 8
    # Hidden files and vendored folders are ignored, not counted as skipped.
    assert info["skipped_by_reason"] == {"binary": 4, "undecodable": 1, "unreadable": 0}
    assert info["files_skipped"] == 5
    assert skipped_summary(info) == "4 binary, 1 not UTF-8"
    assert "old.txt (not valid UTF-8 at byte 3 (0xe9))" in info["skipped_examples"]


def test_binaries_are_skipped_as_binary(mixed: Path):
    examples = load_corpus(mixed).source_info["skipped_examples"]
    binary = sorted(e.split(" ")[0] for e in examples if e.endswith("(binary)"))
    assert binary == ["archive.zip", "image.png", "nul.txt", "program"]


def test_latin1_file_is_used_with_its_encoding(tmp_path: Path):
    root = tmp_path / "french"
    write(root / "old.txt", "caf\xe9 cr\xe8me\n".encode("latin-1"))
    write(root / "new.txt", "plain ascii\n")
    as_utf8 = load_corpus(root)
    assert text_of(as_utf8) == joined(["plain ascii\n"])
    assert as_utf8.source_info["skipped_by_reason"]["undecodable"] == 1
    as_latin1 = load_corpus(root, encoding="latin-1")
    assert text_of(as_latin1) == joined(["plain ascii\n", "caf\xe9 cr\xe8me\n"])
    assert as_latin1.source_info["files_skipped"] == 0
    assert skipped_summary(as_latin1.source_info) == ""


def test_hidden_and_vendored_contents_are_ignored(mixed: Path):
    text = "".join(text_of(load_corpus(mixed)))
    assert "SECRET" not in text and "venv code" not in text
    for folder in (".git", "node_modules", "__pycache__", ".venv", "build", "vendor"):
        assert f"from {folder}" not in text
    assert {"node_modules", "__pycache__", "vendor", "build"} <= IGNORED_DIR_NAMES


def test_glob_narrows_the_choice(mixed: Path):
    assert text_of(load_corpus(mixed, glob="*.log")) == joined(["INFO started\n"])
    assert text_of(load_corpus(mixed, glob=["README", "docs/*"])) == joined(
        [
            "read me first\n",
            "a guide without suffix\n",
        ]
    )


def test_glob_matching_only_binaries_says_so(mixed: Path):
    with pytest.raises(CorpusError) as caught:
        load_corpus(mixed, glob="*.png")
    message = str(caught.value)
    assert message.startswith("no text files matching '*.png' in folder ")
    assert "(1 binary; e.g. image.png (binary))" in message and "\n" not in message


def test_folder_with_nothing_usable_gives_one_line(tmp_path: Path):
    root = tmp_path / "junk"
    write(root / "a.png", PNG)
    write(root / "b.bin", ELF)
    write(root / "c.bin", bytes(range(256)))
    write(root / "old.txt", "\xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(CorpusError) as caught:
        load_corpus(root)
    message = str(caught.value)
    assert message.startswith(f"no text files in folder {root} (3 binary, 1 not UTF-8; e.g. ")
    assert "\n" not in message


def test_folder_with_only_hidden_files_says_they_were_ignored(tmp_path: Path):
    root = tmp_path / "dotfiles"
    write(root / ".bashrc", "alias ll='ls -l'\n")
    write(root / ".git" / "config", "[core]\n")
    with pytest.raises(
        CorpusError, match=r"^no files in folder .* \(2 hidden or vendored ignored\)$"
    ):
        load_corpus(root)


@pytest.mark.parametrize("shift", range(4))
def test_character_cut_at_the_sniff_boundary_is_not_misjudged(tmp_path, monkeypatch, shift):
    # A 4-byte character starts ``shift`` bytes before the end of the sniffed prefix, so the
    # prefix ends inside it (shift 1..3) or just after the ASCII before it (shift 0).
    monkeypatch.setattr(loading, "SNIFF_BYTES", 64)
    text = "a" * (64 - shift) + "😀" + "tail\n"
    root = tmp_path / "cut"
    write(root / "emoji.txt", text)
    corpus = load_corpus(root)
    assert text_of(corpus) == joined([text])
    assert corpus.source_info["files_skipped"] == 0


def test_sniff_still_finds_a_bad_byte_inside_the_prefix(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "SNIFF_BYTES", 64)
    root = tmp_path / "bad"
    write(root / "bad.txt", b"a" * 10 + b"\xff" + b"b" * 100)
    write(root / "late.txt", b"a" * 100 + b"\xff")  # past the prefix: the full read finds it
    write(root / "good.txt", "fine\n")
    info = load_corpus(root).source_info
    assert info["skipped_by_reason"]["undecodable"] == 2
    assert "bad.txt (not valid UTF-8 at byte 10 (0xff))" in info["skipped_examples"]
    assert "late.txt (not valid UTF-8 at byte 100 (0xff))" in info["skipped_examples"]


def test_single_file_is_not_a_folder(tmp_path: Path):
    corpus = load_corpus(write(tmp_path / "one.txt", "one file\n"))
    assert corpus.source_info["folder"] is False


def test_cli_train_reports_used_and_skipped(mixed: Path, capsys):
    code = cli.main(
        ["train", str(mixed), "--steps", "1", "--hidden", "8", "--seq-len", "4", "--run", "r"]
    )
    assert code == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("using ")]
    used = ["LICENSE", "Makefile", "NOTICE", "README", "data.csv", "docs/guide", "server.log"]
    size = byte_size(sum((mixed / name).stat().st_size for name in [*used, "table.tsv"]))
    assert lines == [f"using 8 files ({size}); skipped 5: 4 binary, 1 not UTF-8"]
