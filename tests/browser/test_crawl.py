"""Every link in every page resolves (issue 14): a crawler over the whole site, over HTTP (httpx, no
browser) against the real server of the browser tests (the real report plus the hand-written graph).

It starts at ``/`` and follows every same-site link of each HTML page (``a/href``, ``link/href``,
``script/src``, ``img/src``): the pages of the site in English (every entity, paragraph and
footnote; a sample of each kind that has more than ``PAGES_PER_KIND``, such as the annotations'
nodes, and of the RDF twins), and each kind of page (the path with its last segment generalised,
e.g. ``/id/country/*``) with ``?lang=zh`` and ``?lang=en`` too; pages with arguments (search, facets,
citations) are sampled per path. No
answer may be a 4xx or 5xx, and every HTML page must carry the site's stylesheet and navigation.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit, urlunsplit

import httpx
import pytest

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
BOUND = 20_000  # URLs, a guard against links that make new URLs without end
PAGES_PER_KIND = 150  # more than the report's 140 footnotes and 80 paragraphs
PARTS_PER_KIND = 12  # parts of numbered parts (a mention's target), and pages with arguments
TWINS_PER_KIND = 8
ARGS_PER_PATH = PARTS_PER_KIND  # pages with arguments: the facets combine their values without end
if os.environ.get("R2P_CRAWL") == "all":  # every page and twin of the site, no sample (minutes)
    BOUND = 500_000
    PAGES_PER_KIND = PARTS_PER_KIND = TWINS_PER_KIND = BOUND
    ARGS_PER_PATH = 300
TWIN_SUFFIXES = (".ttl", ".jsonld", ".nt", ".rdf")
STYLES = ("/-/static/pages/site.css", "/-/static/pages/sitebar.css")


class Links(HTMLParser):
    """The same-site references of one page, and whether it carries the site's style and nav."""

    WANTED = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.stylesheet = False
        self.nav = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for t, attr in self.WANTED:
            if tag == t and a.get(attr):
                self.refs.append(a[attr])
        if tag == "link" and "stylesheet" in a.get("rel", "").split() and a.get("href") in STYLES:
            self.stylesheet = True
        if tag == "nav" and a.get("aria-label") == "site":
            self.nav = True


def with_lang(url: str, lang: str | None) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    if lang:
        query.append(("lang", lang))
    return urlunsplit(parts._replace(query=urlencode(query)))


def kind_of(url: str) -> str:
    """The page's kind: its path with the numbers and the last segment generalised, keeping the
    last segment's suffix (``/id/country/*``, ``/id/country/*.ttl``, ``/id/report/x/paragraph/*``)."""
    parts = urlsplit(url)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    suffix = "." + last.rsplit(".", 1)[1] if "." in last else ""
    # Pages with arguments are one kind per path whatever the arguments: the facets' links combine
    # their values without end (each page links to every narrower selection).
    args = {k for k, _ in parse_qsl(parts.query)} - {"lang"}
    return re.sub(r"/\d+(?=/|$)", "/#", head) + "/*" + suffix + ("?…" if args else "")


def limit(kind: str) -> int:
    """Pages of one kind are drawn by one template from one kind of data: every paragraph, footnote
    and entity is read; of the thousands of annotation nodes and RDF twins, a sample."""
    if kind.endswith(TWIN_SUFFIXES):
        return TWINS_PER_KIND
    if "?" in kind:
        return ARGS_PER_PATH
    return PARTS_PER_KIND if "/#/" in kind else PAGES_PER_KIND


def crawl(root: str) -> tuple[dict[str, int], list[str], int]:
    """({url: status}, problems, HTML pages read)."""
    site = urlsplit(root).netloc
    seen: dict[str, int] = {}
    problems: list[str] = []
    lang_kinds: set[str] = set()
    per_kind: Counter[str] = Counter()
    queue = deque([(root + "/", "start")])
    queued = {root + "/"}
    pages = 0
    with httpx.Client(headers=BROWSER, timeout=60.0) as client:
        while queue:
            assert len(seen) < BOUND, f"more than {BOUND} URLs: is a link generating new URLs?"
            url, origin = queue.popleft()
            client.cookies.clear()  # the language comes from ?lang= alone, not from an earlier page
            with client.stream("GET", url) as resp:
                seen[url] = resp.status_code
                kind = resp.headers.get("content-type", "").split(";")[0]
                if resp.headers.get("content-disposition", "").startswith("attachment"):
                    kind = "download"  # a file to save (a dump), not a page
                body = resp.read().decode("utf-8", "replace") if kind == "text/html" else ""
            if resp.status_code >= 400:
                problems.append(f"{resp.status_code} {url} (linked from {origin})")
                continue
            if kind != "text/html" or not resp.status_code == 200:
                continue
            pages += 1
            found = Links()
            found.feed(body)
            if not (found.stylesheet and found.nav):
                problems.append(f"unstyled page {url} (stylesheet {found.stylesheet}, nav {found.nav})")
            targets = []
            for ref in found.refs:
                target = urldefrag(urljoin(url, ref.strip()))[0]
                parts = urlsplit(target)
                if parts.scheme in ("http", "https") and parts.netloc == site:
                    targets.append(target)
            # every page once (English, the default); each kind of page with ?lang=zh and ?lang=en
            for target in targets:
                plain = with_lang(target, None)
                wanted = [plain]
                if kind_of(plain) not in lang_kinds and plain.startswith(root + "/") and "." not in \
                        urlsplit(plain).path.rsplit("/", 1)[-1]:
                    lang_kinds.add(kind_of(plain))
                    wanted += [with_lang(plain, "zh"), with_lang(plain, "en")]
                for w in wanted:
                    if w not in queued and per_kind[kind_of(w)] < limit(kind_of(w)):
                        queued.add(w)
                        per_kind[kind_of(w)] += 1
                        queue.append((w, url))
    return seen, problems, pages


def test_every_link_of_every_page_resolves_and_every_page_is_styled(server):
    started = time.monotonic()
    seen, problems, pages = crawl(server)
    took = time.monotonic() - started
    kinds = Counter(kind_of(u) for u in seen)
    print(f"crawled {len(seen)} URLs ({pages} HTML pages) in {took:.1f} s; most: {kinds.most_common(8)}")
    assert not problems, "\n".join(problems[:40]) + (f"\n… {len(problems) - 40} more" if len(problems) > 40 else "")
    # the crawl reached the whole site: every paragraph and footnote of the real report, the
    # dumps' index, VoID and the endpoint's page, in both languages
    paths = {urlsplit(u).path for u in seen}
    assert {f"/id/report/sg-2025/paragraph/{n}" for n in range(1, 81)} <= paths
    assert {f"/id/report/sg-2025/footnote/{n}" for n in range(1, 141)} <= paths
    for path in ("/dumps/", "/.well-known/void", "/sparql", "/pictures/map", "/report/sg-2025"):
        assert path in paths, path
    assert any(u.endswith("lang=zh") for u in seen) and any(u.endswith("lang=en") for u in seen)


@pytest.mark.parametrize("html", ['<a href="/x">', '<img src="/y">'])
def test_the_crawler_reads_links(html):
    found = Links()
    found.feed(html)
    assert found.refs and not found.nav
