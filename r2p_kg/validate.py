"""``r2p_kg.validate``: the library call, and the SHACL wrapper's names where they always were.

``r2p_kg.validate(data, shapes=..., ontology=...)`` returns a :class:`r2p_kg.validation.Report`
(docs/validate.md). The SHACL machinery itself lives in :mod:`r2p_kg.validation.shacl`, below the
reports that use it; this module re-exports its names, so ``from r2p_kg.validate import
check_quads`` works as before.
"""

from __future__ import annotations

import sys
import types

from .validation.shacl import (
    FORMATS,
    SHAPES_FILES,
    VIOLATION_SHAPES,
    WARNING_SHAPES,
    DataInput,
    Result,
    check_quads,
    format_json,
    format_text,
    load_rdf,
    read_quads,
    results,
    validate,
)

__all__ = ["FORMATS", "SHAPES_FILES", "VIOLATION_SHAPES", "WARNING_SHAPES", "DataInput", "Result",
           "check_quads", "format_json", "format_text", "load_rdf", "read_quads", "results", "validate"]


class _CallableModule(types.ModuleType):
    """``r2p_kg.validate(data, shapes=..., ontology=...)`` is the library call and returns a
    :class:`r2p_kg.validation.Report`; the names of this module stay importable as they were."""

    def __call__(self, data, **kwargs):
        from .validation import validate as validate_report
        return validate_report(data, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
