"""Synthetic report texts for benchmarks and tests — never shipped as data.

From the real report, make N report-like texts in the same layout, deterministic from a seed: varied
paragraph and footnote counts, sections, countries (from CLDR's Chinese names), document symbols,
numbers, page sizes and link lists. Each text is parsed back before it is written, and must give the
document model it was made from.
"""

from __future__ import annotations

import logging
import random
import re
from dataclasses import replace
from pathlib import Path

from .errors import BuildError, ParseError
from .report import Footnote, FootnoteMarker, Paragraph, Report, Section, Subsection, parse_report
from .report.render import render

log = logging.getLogger(__name__)

# Country names the real report uses, to be swapped for others.
_REPORT_COUNTRIES = ("刚果民主共和国", "埃塞俄比亚", "以色列", "缅甸", "苏丹", "乌克兰", "也门", "海地",
                     "阿富汗", "哥伦比亚", "尼泊尔", "菲律宾", "东帝汶", "澳大利亚", "加拿大", "芬兰",
                     "挪威", "瑞典", "瑞士", "巴西", "冈比亚", "肯尼亚", "吉尔吉斯斯坦")
_SPACED_NUMBER = re.compile(r"(?<= )\d{1,3}(?: \d{3})+(?= )|(?<= )\d+(?= )")
_SYMBOL = re.compile(r"\b([AES])/(?:[A-Z.\d-]+/)*\d[\w./()\-]*")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]+$")


def _country_names() -> list[str]:
    from babel import Locale
    names = [name for code, name in Locale("zh").territories.items()
             if len(code) == 2 and code.isalpha() and _CJK_NAME.match(name)]
    return sorted(names)


def _vary_number(match: re.Match, rng: random.Random) -> str:
    digits = match.group(0)
    plain = digits.replace(" ", "")
    if len(plain) == 4 and plain[:2] in ("19", "20"):
        return str(rng.randint(1990, 2030))
    unit = match.string[match.end() + 1: match.end() + 2]
    if unit == "月":  # keep dates dates
        return str(rng.randint(1, 12))
    if unit == "日":
        return str(rng.randint(1, 28))
    new = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in plain[1:])
    if " " not in digits:
        return new
    groups: list[str] = []  # put the thousands separators back
    while len(new) > 3:
        groups.insert(0, new[-3:])
        new = new[:-3]
    return " ".join([new] + groups)


def _vary_segment(text: str, rng: random.Random, names: list[str]) -> str:
    for name in _REPORT_COUNTRIES:
        if name in text:
            text = text.replace(name, rng.choice(names))
    # A number right after a footnote marker stays as it is: "。33 2020 年" must not become
    # "。33 345 …", which reads as one number with a thousands separator.
    return _SPACED_NUMBER.sub(lambda m: m.group(0) if m.start() <= 1 else _vary_number(m, rng), text)


def _vary_paragraph(p: Paragraph, rng: random.Random, names: list[str]) -> tuple[str, list[int]]:
    """New text and the offsets of its markers (one per original marker, in order)."""
    pieces, offsets, pos = [], [], 0
    for m in p.markers:
        pieces.append(_vary_segment(p.text[pos:m.offset], rng, names))
        offsets.append(sum(len(x) for x in pieces))
        pos = m.offset
    pieces.append(_vary_segment(p.text[pos:], rng, names))
    return "".join(pieces), offsets


def _vary_symbols(text: str, rng: random.Random) -> str:
    def one(m: re.Match) -> str:
        return re.sub(r"\d+", lambda d: str(rng.randint(1, 999)) if len(d.group()) < 4
                      else str(rng.randint(1990, 2030)), m.group(0))
    return _SYMBOL.sub(one, text)


def synthesize(base: Report, index: int, seed: int = 0) -> str:
    """The text of synthetic report number ``index``; the same (base, index, seed) gives the same text."""
    rng = random.Random(f"r2p-synthetic:{seed}:{index}")
    names = _country_names()
    chosen = [rng.choice(base.paragraphs) for _ in range(rng.randint(20, 110))]
    for _ in range(50):
        try:
            return _render(base, chosen, rng.random(), index, names)
        except _Mismatch as exc:
            log.debug("synthetic %d: dropping paragraph %d (%s)", index, exc.position + 1, exc)
            del chosen[exc.position]
    raise BuildError(f"could not synthesize report {index} from seed {seed}")


class _Mismatch(Exception):
    def __init__(self, position: int, why: str) -> None:
        super().__init__(why)
        self.position = position


def _render(base: Report, chosen: list[Paragraph], salt: float, index: int, names: list[str]) -> str:
    rng = random.Random(f"{salt}:{index}")
    n_sections = rng.randint(2, min(5, len(chosen)))
    cuts = sorted(rng.sample(range(1, len(chosen)), n_sections - 1))
    bounds = list(zip([0] + cuts, cuts + [len(chosen)], strict=True))
    titles = [s.title for s in base.sections]
    sub_titles = [sub.title for s in base.sections for sub in s.subsections]

    sections, paragraphs, footnotes = [], [], []
    note_no = 0
    for s_no, (lo, hi) in enumerate(bounds, start=1):
        n_subs = rng.randint(0, min(4, hi - lo))
        starts = sorted(rng.sample(range(lo, hi), n_subs)) if n_subs else []
        subs = tuple(Subsection(s_no, chr(65 + k), rng.choice(sub_titles), 0) for k in range(n_subs))
        # The last section is the base's closing one (the parser refuses a report without it).
        title = titles[-1] if s_no == len(bounds) else rng.choice(titles[:-1] or titles)
        sections.append(Section(s_no, "", title, 0, subs))
        for pos in range(lo, hi):
            src = chosen[pos]
            sub = None
            for k, start in enumerate(starts):
                if pos >= start:
                    sub = chr(65 + k)
            text, offsets = _vary_paragraph(src, rng, names)
            markers = []
            for m, off in zip(src.markers, offsets, strict=True):
                note_no += 1
                note = base.footnote(m.footnote)
                note_text = _vary_symbols(note.text, rng)
                if note_no == 1 and note_text.startswith("同上"):
                    note_text = f"见 A/{rng.randint(60, 80)}/{rng.randint(1, 999)}。"
                footnotes.append(Footnote(note_no, note_text, pos + 1, None, (), ()))
                markers.append(FootnoteMarker(note_no, off))
            paragraphs.append(Paragraph(pos + 1, s_no, sub, text, tuple(markers), (), ()))

    links: dict[int, list[str]] = {}
    for note in footnotes:
        urls = [f"https://docs.un.org/zh/{m.group(0)}" for m in _SYMBOL.finditer(note.text)]
        if urls and rng.random() < 0.1:
            urls.append(urls[0])                                   # duplicated, as in the PDF
        if urls and rng.random() < 0.05:
            urls.append("file:///C:/Users/author/Downloads/" + urls[0].rsplit("/", 1)[-1])
        if urls:
            links[note.number] = urls

    session = rng.randint(63, 85)
    front = replace(base.front_matter, session=session, council_year=session - 15,
                    title=f"保护责任：合成报告第 {index} 号", summary=_vary_segment(base.front_matter.summary,
                                                                               rng, names))
    text = render(front, sections, paragraphs, footnotes, links,
                  width=rng.randint(30, 42), page_lines=rng.randint(16, 30))
    try:
        parsed = parse_report(text, source=f"synthetic-{index}")
    except ParseError as exc:
        cited = re.search(r"footnote (\d+)", str(exc))
        if not cited:
            raise
        raise _Mismatch(footnotes[int(cited.group(1)) - 1].cited_by - 1, str(exc)) from None
    # The counts may differ: the first differing paragraph is the better clue, so compare first.
    for k, (want, got) in enumerate(zip(paragraphs, parsed.paragraphs, strict=False)):
        if want.text != got.text or [m.offset for m in want.markers] != [m.offset for m in got.markers]:
            raise _Mismatch(k, "paragraph did not survive the round trip")
    if len(parsed.paragraphs) != len(paragraphs) or len(parsed.footnotes) != len(footnotes):
        raise _Mismatch(len(parsed.paragraphs) - 1 if parsed.paragraphs else 0, "counts differ")
    return text


def write_corpus(base: Report, n: int, out: str | Path, seed: int = 0) -> list[Path]:
    """Write ``n`` synthetic texts as ``out/synthetic-0001.zh.txt`` ...; returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, n + 1):
        path = out / f"synthetic-{i:04d}.zh.txt"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(synthesize(base, i, seed), encoding="utf-8")
        tmp.replace(path)
        paths.append(path)
    return paths
