"""The invariants every answer of the server must keep, whatever it was sent: no 5xx but the
documented 503s, and every error with its documented status and code in the documented shape."""

from __future__ import annotations

import re

import httpx

from r2p_kg.config import ROOT


def documented_errors() -> set[tuple[int, str]]:
    """(status, code) pairs of the error table in docs/endpoint.md."""
    found = set()
    for line in (ROOT / "docs" / "endpoint.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*(\d{3})\s*\|([^|]*)\|", line)
        if m:
            for code in re.findall(r"`([a-z-]+)`", m.group(2)):
                found.add((int(m.group(1)), code))
    return found


DOCUMENTED = documented_errors()
# The linked-data pages (docs/pages.md): unknown IRIs 404, paths that cannot be IRIs 400.
PAGES_ERRORS = {(400, "bad-path"), (404, "not-found"), (406, "not-acceptable")}
OVERLOAD = {(503, "timeout"), (503, "busy")}
# Answered by gunicorn before the app sees the request, as a small HTML page (docs/endpoint.md).
HTTP_SERVER = {400: "Bad Request", 414: "URI Too Long", 417: "Expectation Failed"}
TEXT_ERROR = re.compile(r"(\d{3}) ([a-z-]+): (.+)", re.DOTALL)


class Broken(AssertionError):
    """An answer that breaks an invariant."""


def error_of(resp: httpx.Response) -> tuple[int, str, str] | None:
    """(status, code, message) of an error answer in the JSON or plain-text shape, else None."""
    ctype = resp.headers.get("content-type", "").split(";")[0].strip()
    if ctype == "application/json":
        err = resp.json().get("error")
        if not isinstance(err, dict) or set(err) != {"status", "code", "message"}:
            raise Broken(f"JSON error not in the documented shape: {resp.text[:300]}")
        return err["status"], err["code"], err["message"]
    if ctype == "text/plain":
        m = TEXT_ERROR.fullmatch(resp.text.strip())
        if not m:
            raise Broken(f"plain-text error not in the documented shape: {resp.text[:300]}")
        return int(m.group(1)), m.group(2), m.group(3)
    return None


def _method(resp: httpx.Response) -> str | None:
    try:
        return resp.request.method
    except RuntimeError:  # a response built from another client's answer
        return None


def check(resp: httpx.Response, *, pages: bool = False) -> str:
    """Raise Broken unless ``resp`` keeps the invariants; returns a short outcome label."""
    status = resp.status_code
    if status < 400:
        return str(status)
    if _method(resp) == "HEAD":  # the headers of the GET answer, no body
        if status >= 500 and status != 503:
            raise Broken(f"server error {status} to HEAD")
        return f"{status} (HEAD)"
    err = error_of(resp)
    if status >= 500:
        if err is None or (err[0], err[1]) not in OVERLOAD:
            raise Broken(f"server error {status}: {resp.text[:500]}")
    if err is None:
        html = resp.headers.get("content-type", "").startswith("text/html")
        if html and status in HTTP_SERVER and f"<title>{HTTP_SERVER[status]}</title>" in resp.text:
            return f"{status} (gunicorn)"
        if html and str(status) in resp.text:
            return str(status)  # an HTML error page for a browser
        raise Broken(f"{status} with an undocumented body ({resp.headers.get('content-type')}): "
                     f"{resp.text[:300]}")
    if err[0] != status:
        raise Broken(f"status {status} but the body says {err[0]}")
    allowed = DOCUMENTED | (PAGES_ERRORS if pages else set())
    if (status, err[1]) not in allowed:
        raise Broken(f"undocumented error {status} {err[1]!r}: {err[2][:300]}")
    if not err[2].strip():
        raise Broken(f"error {status} {err[1]} without a message")
    return f"{status} {err[1]}"
