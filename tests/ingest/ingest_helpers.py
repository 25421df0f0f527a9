"""Helpers for the reader tests: fixture paths, a WARC builder, a local web server.

(A module, not a conftest.py: tests/conftest.py is imported as `conftest` by other tests.)
"""

from __future__ import annotations

import gzip
import io
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.errors import ReadError
from storyline.ingest import ReadContext, ReadResult
from storyline.model import Article

INGEST_DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def articles_and_errors(results: Iterator[ReadResult]) -> tuple[list[Article], list[ReadError]]:
    articles: list[Article] = []
    errors: list[ReadError] = []
    for result in results:
        if isinstance(result, ReadError):
            errors.append(result)
        else:
            articles.append(result)
    return articles, errors


# --- WARC ----------------------------------------------------------------------------------


@dataclass
class WarcRecordSpec:
    """One capture: an HTTP response (with its request) or a plain WARC record."""

    url: str
    body: bytes
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    extra_headers: list[tuple[str, str]] = field(default_factory=list)


def build_warc(captures: list[WarcRecordSpec], *, gzip_records: bool = True) -> bytes:
    """A WARC as a crawler writes it: warcinfo, then request + response pairs."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip_records)
    writer.write_record(
        writer.create_warcinfo_record(
            "crawl.warc.gz", {"software": "storyline-tests/1.0", "format": "WARC File Format 1.1"}
        )
    )
    for capture in captures:
        request_headers = StatusAndHeaders(
            "GET / HTTP/1.1",
            [("Host", capture.url.split("/")[2]), ("User-Agent", "test-crawler/1.0")],
            is_http_request=True,
        )
        writer.write_record(
            writer.create_warc_record(capture.url, "request", http_headers=request_headers)
        )
        headers = [("Content-Type", capture.content_type), *capture.extra_headers]
        headers.append(("Content-Length", str(len(capture.body))))
        http_headers = StatusAndHeaders(capture.status, headers, protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                capture.url,
                "response",
                payload=io.BytesIO(capture.body),
                http_headers=http_headers,
            )
        )
    return out.getvalue()


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


# --- a local web server -----------------------------------------------------------------------

Route = Callable[[BaseHTTPRequestHandler], None]


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


class LocalSite:
    """A web server on 127.0.0.1 answering from a table of path -> route."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits.append(self.path)
                route = site.routes.get(self.path.split("?", 1)[0])
                if route is None:
                    send(self, 404, b"<html><body><h1>Not found</h1></body></html>")
                else:
                    route(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.routes[path] = lambda h: send(h, 200, body, content_type)

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.routes[path] = lambda h: send(h, status, b"", headers={"Location": to})

    def slow(self, path: str, delay_s: float, body: bytes) -> None:
        def route(handler: BaseHTTPRequestHandler) -> None:
            time.sleep(delay_s)
            send(handler, 200, body)

        self.routes[path] = route

    def endless(self, path: str, chunk: bytes, total: int) -> None:
        """A body of `total` bytes with no Content-Length, written in chunks."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Connection", "close")
            handler.end_headers()
            sent = 0
            try:
                while sent < total:
                    handler.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass

        self.routes[path] = route


@contextmanager
def serve() -> Iterator[LocalSite]:
    """A LocalSite running for the duration of the `with` block."""
    local = LocalSite()
    local.thread.start()
    try:
        yield local
    finally:
        local.server.shutdown()
        local.server.server_close()


def private_ctx(**overrides: object) -> ReadContext:
    """A context that may fetch from the local server (loopback allowed), with settings
    overridden as `fetch__timeout_s=0.3` -> `fetch.timeout_s`."""
    settings = ReadContext().settings
    for key, value in overrides.items():
        settings = settings.override(key.replace("__", "."), value)
    return ReadContext(settings=settings, allow_private=True)
