"""Validation for other people's data and CI: reports with file and line, output formats
(text, JSON, JUnit XML, SARIF 2.1.0), pinned releases of the shapes and ontology, and the QC queries.

The library call is ``r2p_kg.validate(data, shapes=..., ontology=...) -> Report``
(:func:`r2p_kg.validation.report.validate`).
"""

from .formats import FORMATS, render
from .qc import run_qc
from .releases import Release, resolve, versions
from .report import Finding, Report, validate

__all__ = ["FORMATS", "Finding", "Release", "Report", "render", "resolve", "run_qc", "validate",
           "versions"]
