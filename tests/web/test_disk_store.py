"""The query workers and the pages can share the build's on-disk store, read-only, instead of each
loading a copy of the data; the answers are the same."""

from __future__ import annotations

import pytest

from r2p_kg.errors import ConfigError
from r2p_kg.store import OxigraphStore, choose_store_mode

COUNT = ("PREFIX r2p: <https://w3id.org/r2p/ontology#> "
         "SELECT (COUNT(*) AS ?n) WHERE { ?p a r2p:Paragraph }")


def test_the_build_has_an_on_disk_store_the_workers_can_share(built):
    assert (built.out / "store").is_dir()
    assert choose_store_mode(built.out.resolve(), "auto") == "memory"  # small: a copy each is fastest
    assert choose_store_mode(built.out.resolve(), "disk") == "disk"
    memory = OxigraphStore(built.out, workers=1)
    disk = OxigraphStore(built.out, workers=2, mode="disk", writable=False)
    try:
        assert disk.mode == "disk"
        for sparql in (COUNT, "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } "
                              "ORDER BY ?s ?o"):
            assert disk.query(sparql).body == memory.query(sparql).body
    finally:
        memory.close()
        disk.close()


def test_store_modes_say_what_is_wrong(built, tmp_path):
    with pytest.raises(ConfigError, match="unknown store mode 'ssd'"):
        choose_store_mode(built.out.resolve(), "ssd")
    with pytest.raises(ConfigError, match="updates need the in-memory store"):
        choose_store_mode(built.out.resolve(), "disk", writable=True)
    (tmp_path / "r2p.nq").write_bytes(b"")
    with pytest.raises(ConfigError, match="no on-disk store") as err:
        choose_store_mode(tmp_path, "disk")
    assert err.value.where == "R2P_STORE_MODE"
