"""The corpus pane's entry for downloadable corpora: offer, confirm, download, cancel, fail.

Every download comes from a local HTTP server on 127.0.0.1 (tests/http_server.py); the
registry is pointed at it, so nothing here reaches any other host.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from http_server import Route, Server, clear_proxies, install_registry, source_for
from test_app import wait_for
from textual.widgets import OptionList, ProgressBar

from tui_charrnn import paths
from tui_charrnn.app.app import CharRNNApp
from tui_charrnn.app.panes import CorpusPane
from tui_charrnn.app.panes.download import DownloadBar
from tui_charrnn.app.screens.confirm import ConfirmScreen
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.formatting import byte_size

pytestmark = pytest.mark.slow  # each test starts the whole app

SIZE = (120, 40)
TINY = TrainConfig(model="rnn", hidden_size=8, num_layers=1, seq_len=8, batch_size=2)
TEXT = ("the weaver sang at night and every thread became a word.\n" * 4000).encode()


@pytest.fixture
def server(monkeypatch):
    clear_proxies(monkeypatch)
    running = Server()
    yield running
    running.close()


def stored_files() -> list[str]:
    """Everything in the downloaded-corpora folder, temporary files included."""
    folder = paths.fetched_corpora_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


async def choose_download(pilot) -> None:
    """Pick the registry entry in the corpus list and confirm the download."""
    app = pilot.app
    pane = app.query_one(CorpusPane)
    await wait_for(lambda: app.main.corpus is not None, what="the first corpus")
    index = next(i for i, c in enumerate(pane._choices) if c.download == "tiny")
    assert pane._choices[index].title == f"Tiny test text ({byte_size(len(TEXT))}, download)"
    sources = app.query_one("#corpus-sources", OptionList)
    sources.focus()
    sources.highlighted = sources.get_option_index(f"source-{index}")
    await pilot.press("enter")
    await wait_for(lambda: isinstance(app.screen, ConfirmScreen), what="the confirm dialog")
    await pilot.press("y")


async def test_download_then_load(server: Server, monkeypatch, tmp_path: Path):
    server.routes["/tiny.txt"] = Route(TEXT)
    install_registry(monkeypatch, tmp_path, source_for(TEXT, url=server.url("/tiny.txt")))
    app = CharRNNApp(config=TINY)
    async with app.run_test(size=SIZE) as pilot:
        await choose_download(pilot)
        await wait_for(
            lambda: app.main.corpus is not None and app.main.corpus.name == "tiny",
            what="the downloaded corpus to load",
        )
        assert app.main.corpus.num_chars == len(TEXT)
        assert stored_files() == ["tiny.txt"]
        assert server.hits == ["/tiny.txt"]
        pane = app.query_one(CorpusPane)
        assert not pane.error_text
        assert not app.query_one(DownloadBar).active
        # The list now offers it like a bundled corpus.
        titles = [c.title for c in pane._choices if c.bundled]
        assert "Tiny test text" in titles and not any("download" in t for t in titles)


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("fault", ["offline", "checksum"])
async def test_failed_download_is_one_line_and_leaves_nothing(
    fault: str, server: Server, monkeypatch, tmp_path: Path
):
    if fault == "offline":
        url, expected = f"http://127.0.0.1:{closed_port()}/tiny.txt", "could not download tiny"
    else:
        tampered = TEXT.replace(b"weaver", b"WEAVER", 1)  # same size, other bytes
        server.routes["/tiny.txt"] = Route(tampered)
        url, expected = server.url("/tiny.txt"), "checksum mismatch for tiny"
    install_registry(monkeypatch, tmp_path, source_for(TEXT, url=url))
    app = CharRNNApp(config=TINY)
    async with app.run_test(size=SIZE) as pilot:
        await choose_download(pilot)
        pane = app.query_one(CorpusPane)
        await wait_for(lambda: expected in pane.error_text, what="the failure line")
        assert "\n" not in pane.error_text
        assert app.main.corpus is not None and app.main.corpus.name != "tiny"
        assert not app.query_one(DownloadBar).active
        assert stored_files() == []
        # Still offered, and the app still answers keys.
        assert any(c.download == "tiny" for c in pane._choices)
        await pilot.press("f1")
        await pilot.press("escape")


async def test_cancel_with_escape_keeps_nothing(server: Server, monkeypatch, tmp_path: Path):
    server.routes["/tiny.txt"] = Route(TEXT, stall=True)  # half the text, then nothing
    install_registry(monkeypatch, tmp_path, source_for(TEXT, url=server.url("/tiny.txt")))
    app = CharRNNApp(config=TINY)
    async with app.run_test(size=SIZE) as pilot:
        await choose_download(pilot)
        bar = app.query_one(DownloadBar)
        progress = app.query_one("#download-progress", ProgressBar)
        await wait_for(lambda: (progress.progress or 0) > 0, what="the first bytes")
        assert bar.active and bar.display
        await pilot.press("escape")
        pane = app.query_one(CorpusPane)
        assert "download of tiny cancelled" in pane.error_text
        assert not bar.active
        server.httpd.release.set()  # let the stalled transfer end; the thread then stops
        worker = bar.worker
        assert worker is not None
        await wait_for(lambda: worker.is_finished, what="the download thread to end")
        await pilot.pause()
        assert stored_files() == []
        assert app.main.corpus is not None and app.main.corpus.name != "tiny"
        assert "cancelled" in pane.error_text  # the thread's late news changed nothing
