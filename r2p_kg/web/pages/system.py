"""The endpoint's own pages (downloads, VoID, the service description, errors) in the site's layout:
the renderer :mod:`r2p_kg.web.htmlviews` calls with what each page states."""

from __future__ import annotations

from flask import Flask, Response, after_this_request, render_template, request

from ...config import SOURCE_RIGHTS
from .. import htmlviews
from ..htmlviews import View
from .i18n import COOKIE, LANGS


def render(view: View) -> str:
    """``view`` drawn with the site's layout, navigation and language."""
    from .views import error_suggestions, page, secure_headers
    p = page()
    keep_language()
    after_this_request(secure_headers)  # the pages' CSP: this site's styles and scripts only
    common = {"p": p, "t": p.t, "lang": p.lang, "twins": [], "rights": SOURCE_RIGHTS}
    if view.name == "error":
        return render_template("pages/error.html", status_code=view.status, code=view.title, message=view.message,
                               suggestions=error_suggestions(view.status), **common)
    return render_template("pages/system.html", v=view, **common)


def keep_language() -> None:
    """A language chosen here (``?lang=``) is kept in the cookie, as on the other pages."""
    asked = request.args.get("lang")
    if asked in LANGS:
        @after_this_request
        def remember(resp: Response) -> Response:
            resp.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
            return resp


def init_app(app: Flask) -> None:
    htmlviews.register(app, render)
