"""The pages' errors: the project's endpoint error classes (r2p_kg/errors.py), named for the pages."""

from __future__ import annotations

from ...errors import BadRequest, NotFound


class PageNotFound(NotFound):
    """No such resource, page or format."""


class BadPath(BadRequest):
    """The path cannot be an IRI of this dataset (bad characters, empty segments, ``..``)."""

    code = "bad-path"
