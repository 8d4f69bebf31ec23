"""One error hierarchy for the whole project.

Every error a user can meet is an :class:`R2PError`. Each class carries the HTTP status the web layer
answers with and the exit code the CLI ends with, so both render errors the same way everywhere.
"""

from __future__ import annotations


class R2PError(Exception):
    """Base class: a problem with a message that says what was wrong and where."""

    http_status = 500
    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ParseError(R2PError):
    """The source text does not match the report layout; names the line number and its text."""

    http_status = 422

    def __init__(self, message: str, *, source: str = "<text>", line: int | None = None,
                 text: str | None = None) -> None:
        self.source = source
        self.line = line
        self.text = text
        where = f"{source}:{line}" if line is not None else source
        if text is not None:
            message = f"{message}: {text.strip()[:120]!r}"
        super().__init__(message, where=where)


class BuildError(R2PError):
    """The build could not produce a dataset; the previous output is left as it was."""


class ConfigError(R2PError):
    """A setting, option or input path is wrong."""

    http_status = 400


class ValidationFailed(R2PError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 1
