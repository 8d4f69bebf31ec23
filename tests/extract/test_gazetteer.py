"""Gazetteer files: load-time checks say what is wrong and where; every row names its source."""

from __future__ import annotations

import csv
import shutil

import pytest

from r2p_kg.config import GAZETTEER_DIR
from r2p_kg.errors import ConfigError
from r2p_kg.extract.gazetteer import COUNTRY, INSTRUMENT, MECHANISM, ORGANIZATION, load_gazetteer, row_classes


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "gazetteer"
    shutil.copytree(GAZETTEER_DIR, folder)
    return folder


def _append(path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


@pytest.mark.parametrize("file, row, message", [
    ("regions.csv", "atlantis,亚特兰蒂斯,Atlantis,region,,", r"regions.csv line \d+: every row names its source"),
    ("organizations.csv", "x,某机构,Some body,UNOffice,no-such-org,,a source", "unknown parent 'no-such-org'"),
    ("mechanisms.csv", "x,某机制,Some mechanism,Gadget,,,a source", "unknown class 'Gadget'"),
    ("regions.csv", "elsewhere,大会,Elsewhere,region,,a source", "name '大会' given to both"),
    ("un-country-names.csv", "QQ,member,State,乌有之乡,Nowhere,,a source", "unknown ISO code 'QQ'"),
    ("un-country-names.csv", "FR,member,State,法国,France,美国,a source", "name .美国. given to both US and FR"),
    ("measures.csv", "短语,1,标签", r"measures.csv line \d+: wrong number of fields"),
    # crimes and pillars are the ontology's individuals: a key it does not declare is refused
    ("crimes.csv", "aggression,侵略罪,a source", r"crimes.csv line 7: crime 'aggression' is not in r2p.ttl"),
    ("pillars.csv", "支柱四,4,a source", r"pillars.csv line 27: pillar '4' is not in r2p.ttl"),
    ("mechanisms.csv", "x,某机制,Some mechanism,Mechanism,,1|4,a source",
     r"mechanisms.csv key 'x': pillar '4' is not in r2p.ttl \(its pillars: 1, 2, 3\)"),
    ("instruments.csv", "x,某文书,Some instrument,Treaty,,,,,0,,a source",
     r"instruments.csv key 'x': pillar '0' is not in r2p.ttl"),
    # a class the ontology has, but not under the kind's class (or heading another kind's branch)
    ("organizations.csv", "x,某机构,Some body,Treaty,,,a source", "unknown class 'Treaty'"),
    ("organizations.csv", "x,某机构,Some body,Actor,,,a source", "unknown class 'Actor'"),
    ("instruments.csv", "x,某文书,Some instrument,CommissionOfInquiry,,,,,,,a source",
     "unknown class 'CommissionOfInquiry'"),
])
def test_bad_rows_are_refused_saying_where(copy, file: str, row: str, message: str) -> None:
    _append(copy / file, row)
    with pytest.raises(ConfigError, match=message):
        load_gazetteer(copy)


@pytest.mark.parametrize("name", sorted(p.name for p in GAZETTEER_DIR.glob("*.csv")))
def test_every_row_is_sourced(name: str) -> None:
    with (GAZETTEER_DIR / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    source = "source" if "source" in rows[0] else "reason"
    assert all(r[source].strip() for r in rows)


def test_row_classes_follow_the_ontologys_class_tree() -> None:
    # Read by hand in ontology/r2p.ttl: UNSpecializedAgency < UNEntity < Actor; SecurityCouncilResolution
    # < Resolution < UNDocument < Instrument; eight classes are rdfs:subClassOf r2p:Mechanism; State and
    # Territory of r2p:Country. r2p:CollectiveActor is the actor kind's (data/kinds.csv).
    assert {"UNSpecializedAgency", "PeaceOperation", "Post", "RegionalOrganization"} <= row_classes(ORGANIZATION)
    assert not {"Actor", "CollectiveActor", "Treaty"} & row_classes(ORGANIZATION)
    assert {"SecurityCouncilResolution", "SecretaryGeneralReport", "CourtCase"} <= row_classes(INSTRUMENT)
    assert not {"Instrument", "Mechanism", "FocalPoint"} & row_classes(INSTRUMENT)
    assert row_classes(MECHANISM) == {
        "Mechanism", "CommissionOfInquiry", "FactFindingMission", "SpecialProcedure", "UniversalPeriodicReview",
        "ProtectionOfCiviliansMandate", "EarlyWarningFramework", "NationalMechanism", "FocalPoint"}
    assert row_classes(COUNTRY) == {"Country", "State", "Territory"}
