"""The web application: ``create_app()`` wires the SPARQL endpoint, the Graph Store, the system pages
and any extension (the linked-data pages) around one store.

Configuration: :func:`r2p_kg.web.settings.load` merges the defaults, the environment, the file
named by ``R2P_WEB_CONFIG`` if set, then ``test_config`` (the same merge gunicorn's options read).
Nothing is started at import or at creation time: the store's worker processes start on the first
request (or ``store.start()``).

Extensions: each module in ``R2P_EXTENSIONS`` (default: ``r2p_kg.web.pages``) is imported and its
``init_app(app)`` called after the endpoint's own routes; a module that does not exist is skipped.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from . import settings

if TYPE_CHECKING:
    from flask import Flask

log = logging.getLogger(__name__)

DEFAULT_EXTENSIONS = ("r2p_kg.web.pages",)


def create_app(test_config: Mapping[str, object] | None = None) -> Flask:
    """A configured Flask app serving the built dataset named by ``R2P_DIST``."""
    # Imported here, not at the top: the CLI reads the settings registry without loading the app.
    from flask import Flask
    from flask.json.provider import DefaultJSONProvider

    from . import context, errors, transport, urls
    app = Flask(__name__)
    app.config.update(settings.load(test_config, presets={"R2P_EXTENSIONS": DEFAULT_EXTENSIONS}))
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["R2P_MAX_BODY"])
    if isinstance(app.json, DefaultJSONProvider):
        app.json.sort_keys = False
    context.init_app(app)
    errors.init_app(app)
    cors = urls.register(app)
    transport.init_app(app, cors)
    for name in app.config["R2P_EXTENSIONS"]:
        _extend(app, name)
    urls.register_root_index(app)
    return app


def _extend(app: Flask, module_name: str) -> None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        log.info("extension %s is not installed; skipped", module_name)
        return
    module.init_app(app)
