"""Network fetches with the limits a crawler of untrusted links needs.

`fetch_url(url, ctx)` returns the body of one http(s) URL or a `ReadError` saying why not:
a timeout over the whole fetch (`fetch.timeout_s`), at most `fetch.max_redirects` redirects,
each followed by hand and checked again, a body cap enforced while streaming (`fetch.max_bytes`),
and no connection to loopback, private, link-local, multicast, reserved or unspecified addresses
unless `ctx.allow_private` or the setting `fetch.allow_private` allows them. The address check
runs before any connection, and again on the address actually dialled, so a name that resolves
differently the second time (DNS rebinding) cannot reach an internal host.
"""

from __future__ import annotations

import ipaddress
import logging
import posixpath
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import httpcore
import httpx

from storyline.errors import Errors, ReadError
from storyline.ingest.base import ReadContext, ReadResult

LOGGER = logging.getLogger(__name__)

_REDIRECTS = {301, 302, 303, 307, 308}
# Names the sniffer understands, for a URL whose path does not say what it serves.
_SUFFIX_FOR_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/rss+xml": ".rss",
    "application/atom+xml": ".atom",
    "application/rdf+xml": ".rss",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/json": ".jsonl",
    "application/warc": ".warc",
    "text/plain": ".txt",
}
_KNOWN_SUFFIXES = (
    ".html",
    ".htm",
    ".xhtml",
    ".rss",
    ".atom",
    ".xml",
    ".jsonl",
    ".ndjson",
    ".json",
    ".warc",
    ".txt",
    ".gz",
)


@dataclass(frozen=True)
class Fetched:
    """One fetched response. `name`: a file name for the sniffer, from the URL path and the
    content type; `url`: the final URL after redirects."""

    body: bytes
    url: str
    name: str
    content_type: str | None
    status: int

    @property
    def charset(self) -> str | None:
        for part in (self.content_type or "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ").lower()
        return None


class _Refused(Exception):
    """A URL or address the fetch policy does not allow; `str()` is the reason."""


def refusal_reason(address: str) -> str | None:
    """Why connecting to `address` (an IP literal) is refused, or None when it is a public
    address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for label, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return f"{label} address {ip}"
    if not ip.is_global:
        return f"non-public address {ip}"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_host(host: str, port: int) -> list[str]:
    """The addresses of `host`, all of them public; `_Refused` otherwise."""
    try:
        addresses = resolve(host, port)
    except (socket.gaierror, UnicodeError) as exc:
        raise OSError(f"cannot resolve {host}: {exc}") from exc
    for address in addresses:
        reason = refusal_reason(address)
        if reason:
            raise _Refused(
                f"{host} is a {reason}; pass --allow-private (or set fetch.allow_private) "
                "to fetch it"
            )
    return addresses


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Dials only addresses that pass `check_host`, checked at connect time."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = check_host(host, port)
        except _Refused as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        # TLS still uses the URL's host name for SNI and certificate checks (httpcore passes
        # it to start_tls separately), so dialling the vetted address keeps HTTPS intact.
        failure: Exception | None = None
        for address in addresses:  # as socket.create_connection: each address in turn
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"no address for {host}")


class _PublicOnlyTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__(trust_env=False)
        # httpx offers no public hook for the network backend; its pool is rebuilt with one.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_PublicOnlyBackend(),
        )


def allows_private(ctx: ReadContext) -> bool:
    return bool(ctx.allow_private or ctx.settings.get("fetch.allow_private"))


def fetch_url(url: str, ctx: ReadContext) -> Fetched | ReadError:
    """The body of `url`, or a ReadError (S013 refused by policy, S014 failed) naming it."""
    timeout = float(ctx.settings.get("fetch.timeout_s"))
    max_redirects = int(ctx.settings.get("fetch.max_redirects"))
    max_bytes = int(ctx.settings.get("fetch.max_bytes"))
    private_ok = allows_private(ctx)
    deadline = time.monotonic() + timeout
    transport = None if private_ok else _PublicOnlyTransport()
    headers = {"User-Agent": str(ctx.settings.get("fetch.user_agent")), "Accept": "*/*"}
    current = url
    try:
        with httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            headers=headers,
        ) as client:
            for _hop in range(max_redirects + 1):
                _check_url(current, private_ok)
                with client.stream("GET", current) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        current = str(response.url.join(response.headers["location"]))
                        continue
                    if not 200 <= response.status_code < 300:
                        return ReadError(
                            url,
                            Errors.S014.format(
                                reason=f"HTTP {response.status_code} "
                                f"{response.reason_phrase or ''} from {current}".strip()
                            ),
                        )
                    body = _read_capped(response, max_bytes, deadline)
                    content_type = response.headers.get("content-type")
                    return Fetched(
                        body=body,
                        url=str(response.url),
                        name=_name_for(str(response.url), content_type),
                        content_type=content_type,
                        status=response.status_code,
                    )
            return ReadError(
                url,
                Errors.S013.format(
                    reason=f"more than {max_redirects} redirects (setting fetch.max_redirects)"
                ),
            )
    except _Refused as exc:
        return ReadError(url, Errors.S013.format(reason=str(exc)))
    except httpx.TimeoutException:
        return ReadError(
            url,
            Errors.S014.format(reason=f"timed out after {timeout:g} s (setting fetch.timeout_s)"),
        )
    except httpx.HTTPError as exc:
        refused = _refusal_in(exc)
        if refused:
            return ReadError(url, Errors.S013.format(reason=str(refused)))
        return ReadError(url, Errors.S014.format(reason=f"{type(exc).__name__}: {exc}"))
    except OSError as exc:
        return ReadError(url, Errors.S014.format(reason=str(exc)))


def _refusal_in(exc: BaseException) -> _Refused | None:
    """The policy refusal behind a connect error raised inside the transport, if any."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, _Refused):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _check_url(url: str, private_ok: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise _Refused(f"scheme {parts.scheme or '(none)'!r}: only http and https are fetched")
    if not parts.hostname:
        raise _Refused(f"no host in {url!r}")
    if not private_ok:
        check_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _Refused(_too_large(int(declared), max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _Refused(_too_large(size, max_bytes, at_least=True))
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("whole-fetch deadline passed")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    amount = f"more than {limit}" if at_least else str(size)
    return f"response of {amount} bytes is over the {limit}-byte limit (setting fetch.max_bytes)"


def _name_for(url: str, content_type: str | None) -> str:
    path = unquote(urlsplit(url).path)
    name = posixpath.basename(path.rstrip("/")) or "index"
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    suffix = _SUFFIX_FOR_TYPE.get(mime)
    if suffix and not name.lower().endswith(_KNOWN_SUFFIXES):
        name += suffix
    return name


def read_fetched(
    fetched: Fetched, source: str, ctx: ReadContext, **metadata: Any
) -> Iterator[ReadResult]:
    """Articles from a fetched response. An HTML page is read with its final URL and the
    caller's metadata (a feed item's title and date, a JSONL line's fields), which wins over
    what the page says; anything else goes through the ordinary dispatcher."""
    from storyline.ingest import read_bytes
    from storyline.ingest.decode import DecodeError, decode_text, is_gzip
    from storyline.ingest.html import declared_charset, html_article
    from storyline.ingest.sniff import HTML, sniff_kind

    if is_gzip(fetched.body) or sniff_kind(fetched.name, fetched.body[:65536]) != HTML:
        yield from read_bytes(fetched.body, source, ctx, name=fetched.name)
        return
    try:
        markup, _ = decode_text(
            fetched.body, declared=fetched.charset or declared_charset(fetched.body)
        )
    except DecodeError as exc:
        yield ReadError(source, str(exc))
        return
    metadata.setdefault("input_format", "html")
    yield html_article(markup, source, ctx, url=fetched.url, **metadata)


__all__ = ["Fetched", "fetch_url", "read_fetched", "refusal_reason"]
