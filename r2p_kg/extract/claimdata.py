"""The claim rules' knowledge in ``data/gazetteer/``: collective actors, affected groups and cue words.

Every file is a CSV with a ``source`` per row; a malformed row is a ConfigError naming file and line.
Rules only read this; they know no words of their own beyond sentence structure.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..config import GAZETTEER_DIR
from ..errors import ConfigError
from .gazetteer import PILLAR, ontology_entities, read_rows
from .model import Entity, Ref

ACTOR, GROUP = "actor", "group"
SPEECH_ACTS = ("calls-on", "urges", "encourages", "invites", "requests", "demands", "recommends", "should")
SITUATION_MODALITIES = ("prevented", "past", "at-risk", "reported", "committed")   # in order of precedence
MEASURES = ("referral-to-icc", "sanctions", "provisional-measures", "use-of-force-authorization")


def _rows(folder: Path, name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The file's rows, each with its source (claim cues are all sourced), values stripped."""
    return [(line, {k: v.strip() for k, v in row.items()})
            for line, row in read_rows(folder, name, (*required, "source"))]


def _check(name: str, line: int, value: str, allowed: tuple[str, ...], folder: Path) -> str:
    if value not in allowed:
        raise ConfigError(f"{name} line {line}: {value!r} is not one of {', '.join(allowed)}",
                          where=str(folder / name))
    return value


@dataclass(frozen=True, eq=False)
class ClaimData:
    """Names and cue words for the claim rules, each traceable to a CSV row with its source."""

    entities: dict[Ref, Entity]                # collective actors and affected groups
    actor_names: dict[str, Ref]                # 会员国 -> actor member-states
    group_names: dict[str, Ref]
    speech_acts: dict[str, str]                # verb -> modality key, "" for a non-call that blocks a shorter verb
    situation_cues: dict[str, str]             # cue -> situation modality
    situation_exclusions: tuple[tuple[str, str, str], ...]   # (cue, word that must follow it or "",
                                                             #  places: "before" | "adjacent")
    responsibility_cues: dict[str, tuple[int, Ref]]   # cue -> (pillar, default bearer)
    measure_cues: dict[str, str]               # cue -> measure key
    short_forms: tuple[str, ...] = ()          # 特别顾问, 特别代表 …: refer back to an office named in full


@functools.lru_cache(maxsize=4)
def load_claim_data(folder: Path = GAZETTEER_DIR) -> ClaimData:
    """Read the claim rules' CSV files from ``folder``."""
    entities: dict[Ref, Entity] = {}
    names: dict[str, dict[str, Ref]] = {ACTOR: {}, GROUP: {}}
    for kind, file, cls in ((ACTOR, "actors.csv", "CollectiveActor"),
                            (GROUP, "affected-groups.csv", "PopulationGroup")):
        for line, row in _rows(folder, file, ("key", "zh", "en")):
            ref = Ref(kind, row["key"])
            zh = tuple(n.strip() for n in row["zh"].split("|") if n.strip())
            if ref in entities:
                raise ConfigError(f"{file} line {line}: key {row['key']!r} twice", where=str(folder / file))
            entities[ref] = Entity(ref, zh[0], row["en"], (cls,), titles_zh=zh[1:])
            for n in zh:
                if n in names[kind]:
                    raise ConfigError(f"{file} line {line}: name {n!r} already names {names[kind][n].key}",
                                      where=str(folder / file))
                names[kind][n] = ref
    speech = {}
    for line, row in _rows(folder, "speech-acts.csv", ("verb",)):
        speech[row["verb"]] = _check("speech-acts.csv", line, row["modality"], ("", *SPEECH_ACTS), folder)
    cues = {row["cue"]: _check("situation-modalities.csv", line, row["modality"], SITUATION_MODALITIES, folder)
            for line, row in _rows(folder, "situation-modalities.csv", ("cue", "modality"))}
    exclusions = tuple((row["cue"], row["then"],
                        _check("situation-exclusions.csv", line, row["places"], ("before", "adjacent"), folder))
                       for line, row in _rows(folder, "situation-exclusions.csv", ("cue", "places", "reason")))
    responsibility = {}
    pillars = ontology_entities(PILLAR)
    for line, row in _rows(folder, "responsibility-cues.csv", ("cue", "pillar", "bearer")):
        bearer = Ref(ACTOR, row["bearer"])
        if bearer not in entities or row["pillar"] not in pillars:
            raise ConfigError(f"responsibility-cues.csv line {line}: unknown pillar or bearer "
                              f"({row['pillar']!r}, {row['bearer']!r})", where=str(folder / "responsibility-cues.csv"))
        responsibility[row["cue"]] = (int(row["pillar"]), bearer)
    measures = {row["cue"]: _check("measure-cues.csv", line, row["measure"], MEASURES, folder)
                for line, row in _rows(folder, "measure-cues.csv", ("cue", "measure"))}
    short = tuple(row["short"] for _, row in _rows(folder, "short-forms.csv", ("short",)))
    return ClaimData(entities, names[ACTOR], names[GROUP], speech, cues, exclusions, responsibility, measures,
                     short)
