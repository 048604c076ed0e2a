"""A local HTTP server for download tests, and a way to point the corpus registry at it.

Nothing here reaches any host but 127.0.0.1: the server binds port 0 there, runs on a daemon
thread, and ``close`` releases any stalled request before shutting it down.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tui_charrnn.engine import sources
from tui_charrnn.engine.sources import CorpusSource

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@dataclass
class Route:
    body: bytes  # what the server sends
    status: int = 200  # HTTP status
    length: int | None = -1  # Content-Length to announce; -1: the body's length; None: omit
    stall: bool = False  # after half the body, wait (bounded) instead of finishing


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server = self.server
        server.hits.append(self.path)
        route = server.routes.get(self.path)
        if route is None:
            route = Route(body=b"no such file", status=404)
        self.send_response(route.status)
        length = len(route.body) if route.length == -1 else route.length
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        if route.stall:
            self.wfile.write(route.body[: len(route.body) // 2])
            self.wfile.flush()
            server.release.wait(timeout=10)  # set by the fixture's finaliser
            return
        try:
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading on purpose (too long, cancelled)

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


class Server:
    """A local HTTP server: ``routes`` maps a path to what it serves, ``hits`` records paths."""

    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.routes = {}
        self.httpd.hits = []
        self.httpd.release = threading.Event()
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def routes(self) -> dict[str, Route]:
        return self.httpd.routes

    @property
    def hits(self) -> list[str]:
        return self.httpd.hits

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def close(self) -> None:
        self.httpd.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def source_for(
    text: bytes, name: str = "tiny", url: str = "http://127.0.0.1:9/unused"
) -> CorpusSource:
    return CorpusSource(
        name=name,
        title="Tiny test text",
        url=url,
        size=len(text),
        sha256=hashlib.sha256(text).hexdigest(),
        description="generated for the tests",
        credit="written by the test suite",
    )


def registry_entry(source: CorpusSource) -> dict:
    return {
        "name": source.name,
        "title": source.title,
        "url": source.url,
        "size": source.size,
        "sha256": source.sha256,
        "description": source.description,
        "credit": source.credit,
    }


def install_registry(monkeypatch, tmp_path: Path, *entries: CorpusSource) -> None:
    """Make the default registry (used by paths and the CLI) these entries."""
    path = tmp_path / "sources.json"
    path.write_text(json.dumps([registry_entry(e) for e in entries]), encoding="utf-8")
    monkeypatch.setattr(sources, "REGISTRY_PATH", path)


def clear_proxies(monkeypatch) -> None:
    """urllib would send even 127.0.0.1 through a configured proxy; these tests never leave it."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
