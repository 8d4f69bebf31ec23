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

    def __reduce__(self):
        # Errors cross process boundaries (parallel builds, query workers): keep every attribute.
        return _restore, (type(self), self.__dict__.copy())


def _restore(cls: type[R2PError], state: dict) -> R2PError:
    err = cls.__new__(cls)
    Exception.__init__(err, state.get("message", ""))
    err.__dict__.update(state)
    return err


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


class TranslationError(R2PError):
    """A translation file is malformed or does not match its report's units; names the file and line."""

    http_status = 422


class ValidationFailed(R2PError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 1


class ExportError(R2PError):
    """A dump could not be written; the previous content of the output folder is left as it was."""


class PushError(ExportError):
    """A push to a remote store failed; the target graph is left as it was before the push."""

    http_status = 502
    exit_code = 3

    def __init__(self, message: str, *, where: str | None = None, status: int | None = None) -> None:
        super().__init__(message, where=where)
        self.status = status  # the store's HTTP status, when it answered


class StoreUnreachable(PushError):
    """The store did not answer, even after retries with backoff."""

    exit_code = 4


class CredentialsRefused(PushError):
    """The store refused the credentials (HTTP 401 or 403)."""

    exit_code = 5


class VerificationFailed(PushError):
    """The graph in the store differs from the local one (triple counts by predicate)."""

    exit_code = 6


# --- The SPARQL endpoint (r2p_kg/store.py, r2p_kg/web/): one class per documented HTTP answer ---------

class EndpointError(R2PError):
    """An error the endpoint answers with; ``code`` is the stable machine-readable name in the body."""

    code = "error"
    headers: dict[str, str] = {}


class BadRequest(EndpointError):
    """The request breaks the SPARQL 1.1 Protocol (two queries, no query, a malformed parameter...)."""

    http_status = 400
    code = "bad-request"


class QuerySyntaxError(BadRequest):
    """The query or update does not parse; the message carries the parser's line and column."""

    code = "syntax-error"


class Unauthorized(EndpointError):
    """An update without the right bearer token."""

    http_status = 401
    code = "unauthorized"
    headers = {"WWW-Authenticate": 'Bearer realm="r2p-kg update"'}


class Forbidden(EndpointError):
    """The request is understood but refused by policy."""

    http_status = 403
    code = "forbidden"


class ReadOnly(Forbidden):
    """An update while updates are disabled (the default)."""

    code = "read-only"


class OutboundRefused(Forbidden):
    """SERVICE or LOAD to an endpoint not on the allow-list: the server never makes that request."""

    code = "outbound-refused"


class NotFound(EndpointError):
    http_status = 404
    code = "not-found"


class MethodNotAllowed(EndpointError):
    http_status = 405
    code = "method-not-allowed"

    def __init__(self, message: str, *, allowed: tuple[str, ...]) -> None:
        super().__init__(message)
        self.headers = {"Allow": ", ".join(allowed)}


class NotAcceptable(EndpointError):
    """No media type the endpoint can produce is acceptable to the client."""

    http_status = 406
    code = "not-acceptable"


class UnsupportedMediaType(EndpointError):
    http_status = 415
    code = "unsupported-media-type"


class ResultTooLarge(EndpointError):
    """The result is over the row cap: an explicit error instead of a silently truncated answer."""

    http_status = 422
    code = "result-too-large"


class QueryOutOfMemory(EndpointError):
    """The query needed more memory than a query may use; its worker process was replaced."""

    http_status = 422
    code = "out-of-memory"


class QueryTimeout(EndpointError):
    """The query ran past its deadline; its worker process was killed and replaced."""

    http_status = 503
    code = "timeout"
    headers = {"Retry-After": "1"}


class PageTimeout(EndpointError):
    """A linked-data page was not ready within its deadline (R2P_PAGE_TIMEOUT)."""

    http_status = 503
    code = "page-timeout"
    headers = {"Retry-After": "2"}


class Overloaded(EndpointError):
    """Every query worker stayed busy until the request's deadline."""

    http_status = 503
    code = "busy"
    headers = {"Retry-After": "2"}


class StoreFailure(EndpointError):
    """The store failed in a way that is not the client's fault (a worker died, an I/O error)."""

    http_status = 500
    code = "store-failure"


class ServiceFailed(EndpointError):
    """An allow-listed SERVICE endpoint failed or answered something unusable (not SILENT)."""

    http_status = 502
    code = "service-failed"


class BackendRefused(BadRequest):
    """The remote store behind ``serve --backend`` refused (HTTP 400) a request that parses as SPARQL
    1.1: its reason is passed on without calling it a syntax error."""

    code = "backend-refused"


class BackendFailed(StoreFailure):
    """The remote store behind ``serve --backend`` failed on a valid request (e.g. it could not compile
    a query that parses as SPARQL 1.1): the gateway's upstream failed, not the client."""

    http_status = 502
    code = "backend-failed"


class QueryTooComplex(BadRequest):
    """The text nests or chains so deeply that parsing it could crash the query engine."""

    code = "too-complex"


class UpdateFailed(BadRequest):
    """The update is well-formed but cannot be applied (e.g. CREATE of a graph that exists)."""

    code = "update-failed"


class UploadTooLarge(EndpointError):
    """A Graph Store upload parses into more triples or bytes than the server accepts."""

    http_status = 413
    code = "upload-too-large"


class QueryCrashed(StoreFailure):
    """The query worker died while running the request (it was replaced)."""

    code = "worker-crashed"
