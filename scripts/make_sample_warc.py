#!/usr/bin/env python3
"""Build examples/sample/pages.warc.gz from the HTML pages in scripts/warc_pages/.

The sample corpus is fiction written for storyline (see examples/sample/README.md).
The WARC holds, in this order:

    warcinfo
    request   + response   (page 1)
    request   + response   (page 2)

Every value that warcio would otherwise take from the clock or from a random
generator (WARC-Date, WARC-Record-ID) is fixed here, and gzip members are written
with mtime 0, so rerunning the script produces byte-identical output.

Usage:
    python3 -m venv /tmp/warcenv
    /tmp/warcenv/bin/pip install warcio==1.8.1
    /tmp/warcenv/bin/python scripts/make_sample_warc.py
"""

from __future__ import annotations

import sys
import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = Path(__file__).resolve().parent / "warc_pages"
OUTPUT = ROOT / "examples" / "sample" / "pages.warc.gz"

# Fixed namespace so record ids are stable across runs.
NAMESPACE = uuid.UUID("6f1c2d0e-5b7a-4c1e-9a53-0d2f7e8b4c11")

USER_AGENT = "storyline-sample-crawler/0.1 (+https://storyline.example/crawler)"
SERVER_IP = "192.0.2.41"  # TEST-NET-1, documentation range

PAGES = [
    {
        "file": "eurodesk-commission-sends-experts.html",
        "url": "https://www.eurodeskdaily.example/environment/2026/03/10/commission-sends-experts-danube-spill",
        "warc_date": "2026-03-13T08:15:02Z",
        "http_date": "Fri, 13 Mar 2026 08:15:02 GMT",
        "last_modified": "Tue, 10 Mar 2026 14:10:00 GMT",
        "etag": '"6a1f-5e2c9b1d"',
    },
    {
        "file": "eurodesk-ministers-meet-ruse.html",
        "url": "https://www.eurodeskdaily.example/member-states/2026/03/12/bulgaria-raises-spill-estimate-ruse-talks",
        "warc_date": "2026-03-13T08:15:09Z",
        "http_date": "Fri, 13 Mar 2026 08:15:09 GMT",
        "last_modified": "Thu, 12 Mar 2026 18:40:00 GMT",
        "etag": '"7b02-5e2ed4a0"',
    },
]

WARCINFO_DATE = "2026-03-13T08:15:00Z"
WARC_FILENAME = "pages.warc.gz"


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join(parts))}>"


def warc_headers(
    record_type: str,
    rec_id: str,
    date: str,
    uri: str | None = None,
    extra: list[tuple[str, str]] | None = None,
) -> StatusAndHeaders:
    headers = [("WARC-Type", record_type), ("WARC-Record-ID", rec_id), ("WARC-Date", date)]
    if uri:
        headers.append(("WARC-Target-URI", uri))
    headers.extend(extra or [])
    return StatusAndHeaders("", headers, protocol="WARC/1.0")


def build(out_path: Path = OUTPUT) -> bytes:
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.0")

    # --- warcinfo -----------------------------------------------------------
    info_lines = [
        ("software", "warcio/1.8.1 (scripts/make_sample_warc.py)"),
        ("format", "WARC File Format 1.0"),
        ("conformsTo", "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf"),
        ("isPartOf", "storyline-sample"),
        ("description", "Fictional sample corpus for storyline: two EuroDesk Daily article pages."),
        ("robots", "obey"),
        ("http-header-user-agent", USER_AGENT),
    ]
    info_payload = "".join(f"{k}: {v}\r\n" for k, v in info_lines).encode("utf-8")
    info_headers = warc_headers(
        "warcinfo",
        record_id("warcinfo", WARC_FILENAME),
        WARCINFO_DATE,
        extra=[("WARC-Filename", WARC_FILENAME)],
    )
    warcinfo_id = info_headers.get_header("WARC-Record-ID")
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(info_payload),
            length=len(info_payload),
            warc_headers=info_headers,
            warc_content_type="application/warc-fields",
        )
    )

    # --- request/response pairs -------------------------------------------------
    for page in PAGES:
        body = (PAGES_DIR / page["file"]).read_bytes()
        url = page["url"]
        host = url.split("/")[2]
        path = "/" + url.split("/", 3)[3]
        resp_id = record_id("response", url, page["warc_date"])
        req_id = record_id("request", url, page["warc_date"])

        req_http = StatusAndHeaders(
            f"GET {path} HTTP/1.1",
            [
                ("Host", host),
                ("User-Agent", USER_AGENT),
                ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                ("Accept-Language", "en-GB,en;q=0.8"),
                ("Accept-Encoding", "identity"),
                ("Connection", "close"),
            ],
            is_http_request=True,
        )
        req_headers = warc_headers(
            "request",
            req_id,
            page["warc_date"],
            uri=url,
            extra=[("WARC-Concurrent-To", resp_id), ("WARC-Warcinfo-ID", warcinfo_id)],
        )

        resp_http = StatusAndHeaders(
            "200 OK",
            [
                ("Date", page["http_date"]),
                ("Server", "nginx"),
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Last-Modified", page["last_modified"]),
                ("ETag", page["etag"]),
                ("Cache-Control", "public, max-age=300"),
                ("Vary", "Accept-Encoding"),
                ("X-Frame-Options", "SAMEORIGIN"),
                ("Set-Cookie", "edd_session=0f3a9c1e7b; Path=/; Secure; HttpOnly; SameSite=Lax"),
                ("Connection", "close"),
            ],
            protocol="HTTP/1.1",
        )
        resp_headers = warc_headers(
            "response",
            resp_id,
            page["warc_date"],
            uri=url,
            extra=[("WARC-IP-Address", SERVER_IP), ("WARC-Warcinfo-ID", warcinfo_id)],
        )

        writer.write_record(
            writer.create_warc_record(
                url,
                "request",
                payload=BytesIO(b""),
                length=0,
                warc_headers=req_headers,
                http_headers=req_http,
            )
        )
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                warc_headers=resp_headers,
                http_headers=resp_http,
            )
        )

    data = buf.getvalue()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(data)
    return data


def main() -> int:
    data = build()
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
