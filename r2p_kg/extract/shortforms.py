"""Short forms of titles: 特别顾问 after 秘书长保护责任问题特别顾问 has been named in full.

A short form (data/gazetteer/short-forms.csv) standing alone (not inside a longer name) refers to
the organization or office named last, in the same paragraph before it or in the paragraph before,
whose Chinese name ends with that short form. With no such name, or two different ones in the last
paragraph that names any, the short form stays unresolved (logged): no guess.
"""

from __future__ import annotations

import logging

from .base import Passage, longest_matches
from .claimdata import ClaimData
from .gazetteer import ORGANIZATION, Gazetteer
from .model import PARAGRAPH, Mention

log = logging.getLogger(__name__)
RULE = "short-form"


def short_form_mentions(texts: list[Passage], mentions: list[Mention], gaz: Gazetteer,
                        data: ClaimData) -> list[Mention]:
    """Mentions of the offices that short forms in the paragraphs refer back to."""
    out = []
    paragraphs = [p for p in texts if p.where.kind == PARAGRAPH]
    orgs = sorted(m for m in mentions if m.entity.kind == ORGANIZATION and m.where.kind == PARAGRAPH)
    for i, p in enumerate(paragraphs):
        taken = [(m.start, m.end) for m in mentions if m.where == p.where]
        for start, end, short in longest_matches(p.text, data.short_forms):
            if p.in_url(start, end) or any(s < end and start < e for s, e in taken):
                continue
            candidates = [m for m in orgs if gaz.get(m.entity).label_zh.endswith(short)
                          and ((m.where == p.where and m.end <= start)
                               or (i > 0 and m.where == paragraphs[i - 1].where))]
            if not candidates:
                log.info("%s: %s at %d refers to no office named before it", p.where, short, start)
                continue
            here = [m for m in candidates if m.where == p.where] or candidates
            last_where = here[-1].where
            refs = {m.entity for m in here if m.where == last_where}
            if len(refs) > 1:
                log.info("%s: %s at %d could be %s: unresolved", p.where, short, start,
                         ", ".join(sorted(r.key for r in refs)))
                continue
            out.append(p.mention(start, end, here[-1].entity, RULE))
    return out
