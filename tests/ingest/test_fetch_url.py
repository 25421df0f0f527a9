"""Network fetches against a local server: pages, redirects, size caps, timeouts, errors;
and the address policy, which refuses internal hosts before any connection is made."""

from __future__ import annotations

import socket

import pytest

from ingest.ingest_helpers import INGEST_DATA, articles_and_errors, private_ctx, serve
from storyline.errors import ReadError
from storyline.ingest import ReadContext, read_inputs
from storyline.ingest.fetch import Fetched, fetch_url, refusal_reason

PAGE = (INGEST_DATA / "html" / "riverside-gazette-council-budget.html").read_bytes()


def test_a_page_is_fetched_and_read_with_its_url() -> None:
    with serve() as site:
        site.page("/news/2026/02/17/council-flood-defence-budget", PAGE)
        url = site.url("/news/2026/02/17/council-flood-defence-budget")
        articles, errors = articles_and_errors(read_inputs([url], private_ctx()))
    assert errors == []
    (article,) = articles
    assert article.source == url
    assert article.url == url
    assert article.outlet == "Riverside Gazette"
    assert article.published == "2026-02-17"
    assert "Millbrook District Council approved" in article.text


def test_fetched_carries_body_final_url_name_and_type() -> None:
    with serve() as site:
        site.page("/feeds/latest", b"<rss version='2.0'></rss>", "application/rss+xml")
        site.redirect("/rss", "/feeds/latest", status=301)
        fetched = fetch_url(site.url("/rss"), private_ctx())
    assert isinstance(fetched, Fetched)
    assert fetched.url == site.url("/feeds/latest")
    assert fetched.name == "latest.rss"
    assert fetched.content_type == "application/rss+xml"
    assert fetched.body.startswith(b"<rss")


def test_redirects_within_the_limit_are_followed() -> None:
    with serve() as site:
        site.page("/final", PAGE)
        site.redirect("/hop2", "/final")
        site.redirect("/hop1", site.url("/hop2"), status=307)
        fetched = fetch_url(site.url("/hop1"), private_ctx(fetch__max_redirects=2))
    assert isinstance(fetched, Fetched) and fetched.url == site.url("/final")


def test_a_redirect_chain_over_the_limit_is_refused() -> None:
    with serve() as site:
        for hop in range(6):
            site.redirect(f"/r{hop}", f"/r{hop + 1}")
        site.page("/r6", PAGE)
        result = fetch_url(site.url("/r0"), private_ctx(fetch__max_redirects=3))
        assert "/r4" not in site.hits  # gave up after the third redirect
    assert isinstance(result, ReadError)
    assert result.source == site.url("/r0")
    assert result.reason.startswith("[S013]") and "more than 3 redirects" in result.reason


def test_a_redirect_to_another_scheme_is_refused() -> None:
    with serve() as site:
        site.redirect("/download", "file:///etc/passwd")
        result = fetch_url(site.url("/download"), private_ctx())
    assert isinstance(result, ReadError) and "only http and https" in result.reason


def test_an_oversize_body_is_refused_while_streaming() -> None:
    with serve() as site:
        site.endless("/liveblog", b"<p>" + b"x" * 8189 + b"</p>", total=2_000_000)
        site.page("/declared", b"y" * 300_000)
        ctx = private_ctx(fetch__max_bytes=100_000)
        streamed = fetch_url(site.url("/liveblog"), ctx)
        declared = fetch_url(site.url("/declared"), ctx)
    for result in (streamed, declared):
        assert isinstance(result, ReadError)
        assert result.reason.startswith("[S013]") and "fetch.max_bytes" in result.reason


def test_a_slow_response_times_out() -> None:
    with serve() as site:
        site.slow("/slow", 3.0, PAGE)
        result = fetch_url(site.url("/slow"), private_ctx(fetch__timeout_s=0.3))
    assert isinstance(result, ReadError)
    assert result.reason.startswith("[S014]") and "timed out" in result.reason


def test_404_is_one_error_and_the_batch_goes_on() -> None:
    with serve() as site:
        site.page("/ok", PAGE)
        articles, errors = articles_and_errors(
            read_inputs([site.url("/missing"), site.url("/ok")], private_ctx())
        )
    assert len(articles) == 1
    (error,) = errors
    assert error.source == site.url("/missing")
    assert error.reason.startswith("[S014]") and "HTTP 404" in error.reason


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://10.0.0.1/",
        "http://[::1]:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.1/",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6 loopback
        "http://224.0.0.1/",
        "http://localhost:9/",
    ],
)
def test_internal_addresses_are_refused_before_connecting(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_connections(*args: object, **kwargs: object) -> None:
        raise AssertionError("a refused address must not be dialled")

    monkeypatch.setattr(socket, "create_connection", no_connections)
    monkeypatch.setattr(socket.socket, "connect", no_connections)
    result = fetch_url(url, ReadContext())
    assert isinstance(result, ReadError)
    assert result.reason.startswith("[S013]") and "--allow-private" in result.reason


def test_the_setting_allows_private_addresses_too() -> None:
    settings = ReadContext().settings.override("fetch.allow_private", True)
    with serve() as site:
        site.page("/page", PAGE)
        fetched = fetch_url(site.url("/page"), ReadContext(settings=settings))
    assert isinstance(fetched, Fetched)


def test_without_the_flag_each_hop_is_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The local server stands in for a public site (its address is let through); a redirect
    from it to an internal address is refused, and so is the dial itself."""
    from storyline.ingest import fetch as fetch_module

    real = fetch_module.refusal_reason
    monkeypatch.setattr(
        fetch_module, "refusal_reason", lambda a: None if a == "127.0.0.1" else real(a)
    )
    with serve() as site:
        site.page("/page", PAGE)
        site.redirect("/go", "http://169.254.169.254/latest/meta-data/")
        fetched = fetch_url(site.url("/page"), ReadContext())
        redirected = fetch_url(site.url("/go"), ReadContext())
    assert isinstance(fetched, Fetched) and fetched.body == PAGE
    assert isinstance(redirected, ReadError)
    assert redirected.reason.startswith("[S013]") and "169.254.169.254" in redirected.reason


def test_the_dialled_address_is_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that passes the first lookup and resolves to loopback when dialled (DNS
    rebinding) is refused at connect time."""
    from storyline.ingest import fetch as fetch_module

    lookups: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["93.184.215.14"] if len(lookups) == 1 else ["127.0.0.1"]

    monkeypatch.setattr(fetch_module, "resolve", rebinding)
    result = fetch_url("http://rebind.example/", ReadContext())
    assert len(lookups) == 2
    assert isinstance(result, ReadError) and result.reason.startswith("[S013]")
    assert "loopback" in result.reason


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.53", False),
        ("172.16.5.4", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::", False),
        ("240.0.0.1", False),
    ],
)
def test_refusal_reason(address: str, public: bool) -> None:
    assert (refusal_reason(address) is None) is public
