"""The pages' dataset and the per-request page context (:class:`Page`): language, words, labels, links.

The views (:mod:`.views`), the renderers (:mod:`.render`) and the page builders (reader, pictures,
claims) all take what they need from here; this module imports none of them.
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import urlencode

from flask import Flask, current_app, g, request

from ...config import DEFAULT_BASE, DEFAULT_DIST
from ...dist import NQUADS, read_manifest, served_folder
from ...iris import ONTOLOGY
from ...kinds import pictured_kinds
from ...store import choose_store_mode
from .data import DEF_KIND, Dataset, Labels, RemoteDataset, report_slugs, short
from .i18n import LANGS, STANDARD_TERMS, choose_lang, translator
from .paths import page_args
from .suggest import index as suggestion_index

log = logging.getLogger(__name__)

EXTENSION = "r2p_pages"
_PASSAGE = re.compile(r"^id/report/(?P<slug>[^/]+)/(?P<kind>paragraph|footnote)/(?P<n>\d+)$")
_NUMBERED = re.compile(r"^id/report/(?P<slug>[^/]+)/(?P<part>[a-z-]+)/(?P<n>\d+)$")
_PART_ORDER = {"paragraph": 0, "footnote": 1}


def init_dataset(app: Flask) -> None:
    """Keep a loader on the app; the dataset itself is read on first use, not at import or startup."""
    app.extensions.setdefault(EXTENSION, {"dataset": app.config.get("PAGES_DATASET")})


def dataset() -> Dataset:
    """The app's dataset: ``PAGES_DATASET`` if given, else ``R2P_DIST`` (default ``dist/``) loaded once."""
    state = current_app.extensions.setdefault(EXTENSION, {"dataset": None})
    if state.get("dataset") is None:
        with _LOAD_LOCK:  # the first requests arrive together: load once, not once each
            if state.get("dataset") is None:
                _load_dataset(state)
                suggestion_index(state["dataset"])  # start indexing names for 404 pages now
    return state["dataset"]


_LOAD_LOCK = threading.Lock()


def _load_dataset(state: dict) -> None:
    """The local build (``R2P_DIST``, the folder it names now, as the store opens it), or the remote
    store with ``serve --backend``."""
    config = current_app.config
    dist = served_folder(config.get("R2P_DIST") or config.get("DIST") or DEFAULT_DIST)
    if not config.get("R2P_BACKEND"):
        mode = "memory"
        if (dist / NQUADS).is_file():
            mode = choose_store_mode(dist, str(config["R2P_STORE_MODE"]), writable=bool(config["R2P_ALLOW_UPDATE"]))
        state["dataset"] = Dataset.load(dist, disk=mode == "disk")
        return
    from ..context import get_store
    manifest = read_manifest(dist)
    state["dataset"] = RemoteDataset(get_store(), manifest.base if manifest else DEFAULT_BASE,
                                     manifest.version if manifest else "", dist)


class Page:
    """Per-request helpers for templates: language, words, labels and local links."""

    def __init__(self, ds: Dataset, lang: str) -> None:
        self.ds = ds
        self.lang = lang
        self.other_lang = LANGS[1 - LANGS.index(lang)]
        self.t = translator(lang)
        self.labels = Labels(ds)

    def href(self, iri: str) -> str:
        """The local path of an IRI this site serves; other IRIs are left as they are."""
        if iri.startswith(self.ds.base):
            return "/" + iri[len(self.ds.base):]
        if iri.startswith(ONTOLOGY):
            return "/ontology" + iri[len(ONTOLOGY):]
        return iri

    def is_local(self, iri: str) -> bool:
        return self.href(iri) != iri

    def label(self, iri: str) -> str:
        if iri in STANDARD_TERMS and not self.labels.of(iri):
            return STANDARD_TERMS[iri][LANGS.index(self.lang)]
        return self.labels.get(iri, self.lang)

    def label_other(self, iri: str) -> str:
        """The label in the other language, when it differs from the page language's one."""
        found = self.labels.of(iri)
        other = found.get(self.other_lang, "")
        return other if other and other != found.get(self.lang) else ""

    def kind(self, iri: str) -> str:
        """The entity kind from its IRI (``{base}id/<kind>/…``): a CSS class and a colour."""
        return kind_of(iri, self.ds.base)

    def kind_name(self, iri: str) -> str:
        """The entity kind in the page language (``countries``/``国家或地区``), else its IRI word."""
        kind = self.kind(iri)
        word = self.t("k_" + kind)
        return kind if word == "k_" + kind else word

    def legend_kinds(self) -> tuple[str, ...]:
        """The kinds the mentions legend shows, in the registry's order (data/kinds.csv)."""
        return pictured_kinds()

    def short(self, iri: str) -> str:
        return short(iri)

    def curie(self, iri: str) -> str:
        """``rdfs:label`` for a known namespace, else the whole IRI."""
        s = short(iri)
        return s if ":" in s and not s.startswith(("http:", "https:")) else iri

    def reader_href(self) -> str:
        """The reader of the (first) report, for the navigation."""
        slugs = report_slugs(self.ds)
        return f"/report/{slugs[0]}" if slugs else "/"

    def in_reader(self, iri: str) -> str:
        """Where a paragraph or footnote sits in the reader (``/report/<slug>#p13``), or ''."""
        m = _PASSAGE.match(iri[len(self.ds.base):]) if iri.startswith(self.ds.base) else None
        if not m:
            return ""
        anchor = "p" if m["kind"] == "paragraph" else "fn-"
        return f"/report/{m['slug']}#{anchor}{m['n']}"

    def ordered(self, iris: list[str]) -> list[str]:
        """Passages in the report's order (paragraphs, then footnotes, then other numbered parts, by
        number), then everything else by its label in the page language."""
        def key(iri: str) -> tuple:
            m = _NUMBERED.match(iri[len(self.ds.base):]) if iri.startswith(self.ds.base) else None
            if m:
                return (0, m["slug"], _PART_ORDER.get(m["part"], len(_PART_ORDER)), m["part"], int(m["n"]), "")
            return (1, "", 0, "", 0, self.label(iri).casefold(), iri)
        return sorted(iris, key=key)

    def lang_url(self, lang: str) -> str:
        args = [(k, v) for k, v in page_args() if k != "lang"]  # parameters that change nothing are dropped
        return request.path + "?" + urlencode(args + [("lang", lang)])


def kind_of(iri: str, base: str) -> str:
    """``country`` for ``{base}id/country/FR``; ``paragraph`` for a report's paragraph."""
    if iri.startswith(ONTOLOGY):
        return "term"
    if iri.startswith(base + "id/"):
        rest = iri[len(base) + 3:].split("/")
        if rest[0] == "report" and len(rest) >= 3:
            return rest[2].replace("-", "")  # paragraph, footnote, section, statistic, …
        return rest[0]
    return DEF_KIND


def page() -> Page:
    """This request's :class:`Page`, made once."""
    if "r2p_page" not in g:
        g.r2p_page = Page(dataset(), choose_lang(request))
    return g.r2p_page
