"""Downloadable corpora: the registry, the verified fetch, name resolution and `corpora fetch`.

Every download comes from a local HTTP server on 127.0.0.1 (port 0, a daemon thread, shut down
by the fixture); nothing here reaches any other host. Registry entries for the small generated
texts carry those texts' real sizes and SHA-256 sums.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import subprocess_cli
from http_server import (
    Route,
    Server,
    clear_proxies,
    install_registry,
    registry_entry,
    source_for,
)

from tui_charrnn import cli
from tui_charrnn.engine import sources
from tui_charrnn.engine.errors import CorpusError, FetchCancelled, FetchError
from tui_charrnn.engine.sources import fetch_corpus, find_source, load_registry
from tui_charrnn.formatting import byte_size
from tui_charrnn.paths import (
    bundled_corpora,
    downloadable_corpora,
    fetched_corpora_dir,
    resolve_corpus_arg,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED_SHAKESPEARE = [
    Path("/work/shared/corpora/tinyshakespeare.txt"),
    ROOT.parent / "shared" / "corpora" / "tinyshakespeare.txt",
]
ISSUE_URL = (
    "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"
)
ISSUE_SIZE = 1_115_394
ISSUE_SHA256 = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"
ERROR_PREFIX = "charrnn-tui: error:"
WORDS = "to be or not that is the question whether tis nobler in mind suffer".split()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    clear_proxies(monkeypatch)


# --------------------------------------------------------------------------------- helpers
def make_text(seed: int = 0, size: int = 150_000) -> bytes:
    """Deterministic word soup of exactly ``size`` bytes (several CHUNK_BYTES long)."""
    rng = random.Random(seed)
    words = []
    total = 0
    while total < size:
        word = rng.choice(WORDS) + ("\n" if rng.random() < 0.1 else " ")
        words.append(word)
        total += len(word)
    return "".join(words).encode("ascii")[:size]


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def one_line(error: Exception) -> str:
    text = str(error)
    assert "\n" not in text and text.strip() == text and text
    return text


def assert_nothing_left(folder: Path) -> None:
    """No final file and no temporary file: the folder is empty or absent."""
    left = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    assert left == [], left


def assert_one_error_line(code: int, err: str, *needles: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(ERROR_PREFIX), err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# --------------------------------------------------------------------------------- registry
def test_registry_has_the_tiny_shakespeare_of_the_issue():
    entry = find_source("tinyshakespeare")
    assert entry.url == ISSUE_URL
    assert entry.size == ISSUE_SIZE
    assert entry.sha256 == ISSUE_SHA256
    assert entry.description and entry.credit and entry.title


def test_registry_names_never_shadow_a_bundled_corpus():
    bundled = {corpus.name for corpus in bundled_corpora()}
    assert bundled, "the bundled corpora must be found for this check to mean anything"
    assert not bundled & {source.name for source in load_registry()}


@pytest.mark.skipif(
    not any(p.is_file() for p in SHARED_SHAKESPEARE), reason="no local copy of Tiny Shakespeare"
)
def test_registry_entry_matches_the_local_copy_of_tiny_shakespeare():
    local = next(p for p in SHARED_SHAKESPEARE if p.is_file())
    entry = find_source("tinyshakespeare")
    assert sources.matches_source(local, entry)
    data = local.read_bytes()
    assert len(data) == entry.size and hashlib.sha256(data).hexdigest() == entry.sha256


GOOD = registry_entry(source_for(b"some text\n"))


@pytest.mark.parametrize(
    "change",
    [
        {"name": "../escape"},
        {"name": "Upper"},
        {"name": ""},
        {"title": 7},
        {"url": "ftp://example.org/x.txt"},
        {"url": "file:///etc/passwd"},
        {"size": 0},
        {"size": -5},
        {"size": True},
        {"size": 1.5},
        {"size": "10"},
        {"sha256": "abc"},
        {"sha256": GOOD["sha256"].upper()},
        {"description": " "},
        {"credit": None},
    ],
    ids=repr,
)
def test_registry_refuses_an_invalid_field(tmp_path, change):
    path = tmp_path / "sources.json"
    path.write_text(json.dumps([{**GOOD, **change}]), encoding="utf-8")
    with pytest.raises(FetchError) as caught:
        load_registry(path)
    assert "invalid" in one_line(caught.value)


@pytest.mark.parametrize(
    "content",
    [
        "{}",
        "[1]",
        "not json",
        json.dumps([{k: v for k, v in GOOD.items() if k != "sha256"}]),
        json.dumps([{**GOOD, "sha265": GOOD["sha256"]}]),
        json.dumps([GOOD, GOOD]),
    ],
    ids=["object", "number", "not-json", "missing-field", "extra-field", "duplicate"],
)
def test_registry_refuses_a_malformed_file(tmp_path, content):
    path = tmp_path / "sources.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FetchError) as caught:
        load_registry(path)
    one_line(caught.value)


def test_unknown_name_lists_the_known_ones(tmp_path):
    with pytest.raises(FetchError) as caught:
        fetch_corpus("shakespeare", tmp_path)
    message = one_line(caught.value)
    assert "'shakespeare'" in message and "tinyshakespeare" in message


# --------------------------------------------------------------------------------- fetching
def test_fetch_stores_the_verified_text_and_reports_progress(server, tmp_path):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text)
    source = source_for(text, url=server.url("/tiny.txt"))
    calls = []
    folder = tmp_path / "corpora"
    path = fetch_corpus(
        "tiny", folder, registry=[source], progress=lambda got, total: calls.append((got, total))
    )
    assert path == folder / "tiny.txt"
    assert path.read_bytes() == text
    assert sorted(p.name for p in folder.iterdir()) == ["tiny.txt"]  # no temporary file left
    assert calls[0] == (0, len(text)) and calls[-1] == (len(text), len(text))
    received = [got for got, _ in calls]
    assert received == sorted(received) and len(calls) > 2  # several chunks, never backwards
    assert server.hits == ["/tiny.txt"]


def test_a_mirror_url_replaces_the_registry_address(server, tmp_path):
    text = make_text(seed=1)
    server.routes["/mirror/tiny.txt"] = Route(text)
    source = source_for(text, url=server.url("/nowhere"))
    path = fetch_corpus("tiny", tmp_path, url=server.url("/mirror/tiny.txt"), registry=[source])
    assert path.read_bytes() == text
    assert server.hits == ["/mirror/tiny.txt"]


def test_checksum_mismatch_leaves_nothing(server, tmp_path):
    expected, served = make_text(seed=1), make_text(seed=2)
    assert len(expected) == len(served) and expected != served
    server.routes["/tiny.txt"] = Route(served)
    source = source_for(expected, url=server.url("/tiny.txt"))
    folder = tmp_path / "corpora"
    with pytest.raises(FetchError) as caught:
        fetch_corpus("tiny", folder, registry=[source])
    message = one_line(caught.value)
    assert "checksum mismatch" in message
    assert source.sha256[:16] in message
    assert hashlib.sha256(served).hexdigest()[:16] in message
    assert_nothing_left(folder)


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_is_one_line_and_leaves_nothing(server, tmp_path, status):
    server.routes["/tiny.txt"] = Route(b"server trouble", status=status)
    source = source_for(make_text(), url=server.url("/tiny.txt"))
    with pytest.raises(FetchError) as caught:
        fetch_corpus("tiny", tmp_path / "corpora", registry=[source])
    host = server.url("").removeprefix("http://")
    assert one_line(caught.value).startswith(f"could not download tiny from {host}: HTTP {status}")
    assert_nothing_left(tmp_path / "corpora")


def test_connection_refused_is_one_line(tmp_path):
    port = closed_port()
    source = source_for(make_text(), url=f"http://127.0.0.1:{port}/tiny.txt")
    with pytest.raises(FetchError) as caught:
        fetch_corpus("tiny", tmp_path / "corpora", registry=[source])
    message = one_line(caught.value)
    assert message == f"could not download tiny from 127.0.0.1:{port}: Connection refused"
    assert_nothing_left(tmp_path / "corpora")


def test_an_unknown_host_is_one_line(tmp_path, monkeypatch):
    """Offline or a DNS failure, simulated: the lookup itself fails, nothing is sent anywhere."""

    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    source = source_for(make_text(), url="http://mirror.example.invalid/tiny.txt")
    with pytest.raises(FetchError) as caught:
        fetch_corpus("tiny", tmp_path, registry=[source])
    assert one_line(caught.value) == (
        "could not download tiny from mirror.example.invalid: Name or service not known"
    )


def test_truncated_response_leaves_nothing(server, tmp_path):
    text = make_text()
    half = text[: len(text) // 2]
    server.routes["/tiny.txt"] = Route(half, length=len(text))  # promises all, sends half
    source = source_for(text, url=server.url("/tiny.txt"))
    with pytest.raises(FetchError) as caught:
        fetch_corpus("tiny", tmp_path / "corpora", registry=[source])
    assert f"stopped after {len(half):,} of {len(text):,} bytes" in one_line(caught.value)
    assert_nothing_left(tmp_path / "corpora")


def test_announced_oversized_response_is_refused_before_reading(server, tmp_path):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text + b"and more")
    source = source_for(text, url=server.url("/tiny.txt"))
    calls = []
    with pytest.raises(FetchError) as caught:
        fetch_corpus(
            "tiny", tmp_path / "corpora", registry=[source], progress=lambda *a: calls.append(a)
        )
    message = one_line(caught.value)
    assert f"sends {len(text) + 8:,} bytes, expected {len(text):,}" in message
    assert calls == []  # refused on the header: nothing was streamed
    assert_nothing_left(tmp_path / "corpora")


def test_unannounced_oversized_response_stops_one_byte_past_the_size(server, tmp_path):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text + make_text(seed=3), length=None)
    source = source_for(text, url=server.url("/tiny.txt"))
    calls = []
    with pytest.raises(FetchError) as caught:
        fetch_corpus(
            "tiny", tmp_path / "corpora", registry=[source], progress=lambda *a: calls.append(a)
        )
    assert f"longer than the expected {len(text):,} bytes" in one_line(caught.value)
    assert max(got for got, _ in calls) <= len(text)
    assert_nothing_left(tmp_path / "corpora")


def test_cancel_mid_download_leaves_nothing(server, tmp_path):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text)
    source = source_for(text, url=server.url("/tiny.txt"))
    calls = []
    with pytest.raises(FetchCancelled) as caught:
        fetch_corpus(
            "tiny",
            tmp_path / "corpora",
            registry=[source],
            progress=lambda got, total: calls.append(got),
            should_cancel=lambda: bool(calls) and calls[-1] > 0,  # after the first chunk
        )
    assert "cancelled" in one_line(caught.value)
    assert 0 < calls[-1] < len(text)  # stopped after the first chunk, long before the end
    assert_nothing_left(tmp_path / "corpora")


def test_an_interrupt_mid_download_leaves_nothing(server, tmp_path):
    """Ctrl+C lands in the middle of the transfer: the temporary file still goes."""
    text = make_text()
    server.routes["/tiny.txt"] = Route(text)
    source = source_for(text, url=server.url("/tiny.txt"))

    def interrupt_after_first_chunk(received: int, expected: int) -> None:
        if received > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch_corpus(
            "tiny", tmp_path / "corpora", registry=[source], progress=interrupt_after_first_chunk
        )
    assert_nothing_left(tmp_path / "corpora")


def test_litter_of_a_killed_download_is_swept(server, tmp_path):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text)
    source = source_for(text, url=server.url("/tiny.txt"))
    old = tmp_path / ".tiny.txt.tmp-99999-deadbeef"  # as a SIGKILLed fetch would leave it
    old.write_bytes(text[:1000])
    os.utime(old, (1_000_000, 1_000_000))
    path = fetch_corpus("tiny", tmp_path, registry=[source])
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_cancel_before_connecting_sends_no_request(server, tmp_path):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text)
    source = source_for(text, url=server.url("/tiny.txt"))
    with pytest.raises(FetchCancelled):
        fetch_corpus("tiny", tmp_path, registry=[source], should_cancel=lambda: True)
    assert server.hits == []


def test_a_stalled_server_times_out(server, tmp_path):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text, stall=True)
    source = source_for(text, url=server.url("/tiny.txt"))
    with pytest.raises(FetchError) as caught:
        fetch_corpus("tiny", tmp_path / "corpora", registry=[source], timeout=0.3)
    assert "timed out" in one_line(caught.value)
    assert_nothing_left(tmp_path / "corpora")


def test_already_present_and_verified_is_not_downloaded_again(server, tmp_path):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text)
    source = source_for(text, url=server.url("/tiny.txt"))
    first = fetch_corpus("tiny", tmp_path, registry=[source])
    calls = []
    second = fetch_corpus("tiny", tmp_path, registry=[source], progress=lambda *a: calls.append(a))
    assert first == second and second.read_bytes() == text
    assert server.hits == ["/tiny.txt"] and calls == []


def test_a_damaged_copy_is_replaced_by_a_verified_one(server, tmp_path):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text)
    source = source_for(text, url=server.url("/tiny.txt"))
    (tmp_path / "tiny.txt").write_bytes(make_text(seed=5))  # same size, other bytes
    path = fetch_corpus("tiny", tmp_path, registry=[source])
    assert path.read_bytes() == text and server.hits == ["/tiny.txt"]


def test_a_full_disk_leaves_nothing(server, tmp_path, monkeypatch):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text)
    source = source_for(text, url=server.url("/tiny.txt"))

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)  # the data cannot be made durable
    folder = tmp_path / "corpora"
    with pytest.raises(FetchError) as caught:
        fetch_corpus("tiny", folder, registry=[source])
    assert one_line(caught.value) == f"cannot save tiny in {folder}: {os.strerror(errno.ENOSPC)}"
    assert_nothing_left(folder)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/tiny.txt", "file:///etc/hostname", "nonsense"])
def test_only_http_addresses_are_used(server, tmp_path, url):
    source = source_for(make_text(), url=server.url("/tiny.txt"))
    with pytest.raises(FetchError) as caught:
        fetch_corpus("tiny", tmp_path / "corpora", url=url, registry=[source])
    assert "only http:// and https://" in one_line(caught.value)
    assert server.hits == [] and not (tmp_path / "corpora").exists()


# --------------------------------------------------------------------------------- names
def test_a_fetched_name_resolves_like_a_bundled_one(server, tmp_path, monkeypatch):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text)
    install_registry(monkeypatch, tmp_path, source_for(text, url=server.url("/tiny.txt")))
    with pytest.raises(CorpusError) as caught:
        resolve_corpus_arg("tiny")
    assert one_line(caught.value) == (
        "tiny is not downloaded yet; get it with: charrnn-tui corpora fetch tiny"
    )
    (entry,) = downloadable_corpora()
    assert not entry.fetched and entry.path == fetched_corpora_dir() / "tiny.txt"

    path = fetch_corpus("tiny", fetched_corpora_dir())
    assert resolve_corpus_arg("tiny") == path == entry.path
    assert resolve_corpus_arg("tiny.txt") == path
    assert downloadable_corpora()[0].fetched


def test_unknown_corpus_message_mentions_downloadable_names():
    with pytest.raises(CorpusError) as caught:
        resolve_corpus_arg("no-such-corpus-anywhere")
    assert "downloadable: tinyshakespeare" in one_line(caught.value)


# --------------------------------------------------------------------------------- CLI
def test_cli_lists_then_fetches_then_trains_a_downloadable_corpus(
    server, tmp_path, monkeypatch, capsys
):
    text = make_text()
    server.routes["/tiny.txt"] = Route(text)
    install_registry(monkeypatch, tmp_path, source_for(text, url=server.url("/nowhere")))

    assert cli.main(["corpora"]) == 0
    out = capsys.readouterr().out
    assert "not downloaded — charrnn-tui corpora fetch tiny" in out

    code = cli.main(["train", "tiny", "--steps", "1", "--quiet"])
    _, err = capsys.readouterr()
    assert_one_error_line(code, err, "charrnn-tui corpora fetch tiny")

    assert cli.main(["corpora", "fetch", "tiny", "--url", server.url("/tiny.txt")]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == str(fetched_corpora_dir() / "tiny.txt")
    assert "Traceback" not in err

    assert cli.main(["corpora"]) == 0
    line = next(row for row in capsys.readouterr().out.splitlines() if row.startswith("tiny "))
    assert "(fetched)" in line and byte_size(len(text)) in line

    tiny_model = ["--model", "rnn", "--hidden", "8", "--seq-len", "8", "--batch-size", "2"]
    assert cli.main(["train", "tiny", *tiny_model, "--steps", "2", "--quiet"]) == 0


# Subprocesses use the real registry entry (1,115,394 bytes); the server sends wrong texts.
@pytest.mark.parametrize(
    "route, needle",
    [
        (Route(make_text(seed=4, size=ISSUE_SIZE)), "checksum mismatch for tinyshakespeare"),
        (Route(b"gone", status=404), "HTTP 404"),
        (Route(b"oops", status=500), "HTTP 500"),
        (Route(make_text(size=1000), length=ISSUE_SIZE), "stopped after 1,000 of 1,115,394"),
        (Route(make_text(size=ISSUE_SIZE + 1)), "expected 1,115,394"),
    ],
    ids=["checksum", "404", "500", "truncated", "oversized"],
)
def test_cli_fetch_failure_is_one_line_exit_2_and_leaves_nothing(server, route, needle):
    server.routes["/input.txt"] = route
    proc = subprocess_cli("corpora", "fetch", "tinyshakespeare", "--url", server.url("/input.txt"))
    assert_one_error_line(proc.returncode, proc.stderr, needle)
    assert proc.stdout == ""
    assert_nothing_left(fetched_corpora_dir())


def test_cli_fetch_connection_refused_is_one_line_exit_2():
    port = closed_port()
    proc = subprocess_cli(
        "corpora", "fetch", "tinyshakespeare", "--url", f"http://127.0.0.1:{port}/x"
    )
    line = assert_one_error_line(proc.returncode, proc.stderr)
    assert line == (
        f"{ERROR_PREFIX} could not download tinyshakespeare from 127.0.0.1:{port}: "
        "Connection refused"
    )


@pytest.mark.parametrize(
    "args, needle",
    [
        (["corpora", "fetch", "nonesuch"], "known: tinyshakespeare"),
        (["corpora", "fetch", "tinyshakespeare", "--url", "ftp://127.0.0.1/x"], "only http://"),
        (["train", "tinyshakespeare", "--steps", "1"], "corpora fetch tinyshakespeare"),
    ],
)
def test_cli_bad_fetch_input_is_one_line_exit_2(args, needle):
    proc = subprocess_cli(*args)
    assert_one_error_line(proc.returncode, proc.stderr, needle)


@pytest.mark.skipif(
    not any(p.is_file() for p in SHARED_SHAKESPEARE), reason="no local copy of Tiny Shakespeare"
)
def test_cli_fetches_the_real_text_with_a_progress_bar_on_a_terminal(server):
    """stderr on a pseudo-terminal gets rich's bar; stdout gets the verified file's path."""
    local = next(p for p in SHARED_SHAKESPEARE if p.is_file())
    server.routes["/input.txt"] = Route(local.read_bytes())
    main_fd, terminal_fd = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "tui_charrnn", "corpora", "fetch", "tinyshakespeare",
             "--url", server.url("/input.txt")],
            stdout=subprocess.PIPE, stderr=terminal_fd, stdin=subprocess.DEVNULL,
            text=True, timeout=60, env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
        )  # fmt: skip
        os.set_blocking(main_fd, False)
        drawn = b""
        while True:
            try:
                chunk = os.read(main_fd, 65536)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(main_fd)
        os.close(terminal_fd)
    assert proc.returncode == 0, drawn
    path = fetched_corpora_dir() / "tinyshakespeare.txt"
    assert proc.stdout.strip() == str(path)
    assert path.read_bytes() == local.read_bytes()
    assert "━".encode() in drawn, drawn  # rich's bar was drawn on the terminal
    assert b"downloaded tinyshakespeare: 1,115,394 bytes, SHA-256 verified" in drawn
    assert b"Traceback" not in drawn
