"""The request path as the client wrote it, for the IRIs it names.

werkzeug decodes every percent-escape in the path before routing, so ``/id/doc/A%2FB`` and
``/id/doc/A/B`` reached the views (and the page cache) as the same path, though they name different
IRIs. Here the raw request URI (``RAW_URI``, set by gunicorn and werkzeug's server) is read instead:
escapes of reserved characters (``/``, ``?``, ``#``, ``%``...) stay escaped, as RFC 3986 says they must;
escapes of other characters are decoded, since the IRI is the same either way.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import request

# RFC 3986 gen-delims and sub-delims, and '%' itself: escaped, they are different IRIs.
RESERVED = frozenset(":/?#[]@!$&'()*+,;=%")
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def raw_path() -> str:
    """The path of the request as sent, escapes and all (werkzeug's decoded path when the server
    does not pass the raw URI on)."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if not raw:
        return request.path
    if raw.startswith(("http://", "https://")):  # absolute-form request target
        return urlsplit(raw).path or "/"
    return raw.split("?", 1)[0].split("#", 1)[0]


def _decode_run(match: re.Match) -> str:
    data = bytes.fromhex(match.group(0).replace("%", ""))
    out, pending = [], bytearray()

    def flush() -> None:
        if pending:
            try:
                out.append(pending.decode("utf-8"))
            except UnicodeDecodeError:  # not UTF-8: leave the escapes as they were
                out.append("".join(f"%{b:02X}" for b in pending))
            pending.clear()

    for byte in data:
        if byte < 0x80 and chr(byte) in RESERVED:
            flush()
            out.append(f"%{byte:02X}")
        else:
            pending.append(byte)
    flush()
    return "".join(out)


def iri_path(path: str) -> str:
    """``path`` with the escapes of unreserved and non-ASCII characters decoded, those of reserved
    characters kept (upper-case): ``A%2FB%20%E8%8B%8F`` -> ``A%2FB 苏``."""
    return _ESCAPES.sub(_decode_run, path)


def route_tail(prefix: str, decoded: str) -> str:
    """What follows ``prefix`` (``/id/``) in the raw path, as an IRI path; ``decoded`` (the router's
    value) when the raw path does not start with ``prefix``."""
    path = raw_path()
    if not path.startswith(prefix):
        return decoded
    return iri_path(path[len(prefix):])


# The query parameters a page reads: the others change nothing.
PAGE_PARAMS = ("lang", "format", "class", "q", "query", "example", "kind", "offset", "iri", "original", "view")
# Pages whose parameter names come from the data (a facet per kind of entity): every parameter counts.
ALL_PARAMS_PATHS = ("/-/paragraphs",)


def page_args() -> tuple[tuple[str, str], ...]:
    """The parameters of this request that can change its page (every value of each), in a fixed
    order: what the page cache and the ETag key on, so that ``?utm_source=…`` and the like do not
    defeat the cache."""
    if request.path in ALL_PARAMS_PATHS:
        return tuple(sorted(request.args.items(multi=True)))
    return tuple((k, v) for k in PAGE_PARAMS for v in request.args.getlist(k))
