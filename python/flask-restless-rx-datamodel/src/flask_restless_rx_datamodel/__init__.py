"""Serve the flask-restless-datamodel document from a Flask-Restless-NG app.

    manager = APIManager(app, session=db.session)
    manager.create_api(Person, methods=["GET", "POST", "PATCH", "DELETE"])
    register_datamodel(manager, app)   # GET /api/flask-restless-datamodel

The document is built on each request from the models registered with the
manager at that time, so models may be registered before or after this call.
"""

import json

from flask import Blueprint, Response

from .render import META_KEY, build_datamodel

__all__ = ["DATAMODEL_PATH", "META_KEY", "__version__", "build_datamodel", "register_datamodel"]

__version__ = "0.1.0"

#: The last URL segment, the same as flask-restless-datamodel's
#: (``DataModel.__tablename__``).
DATAMODEL_PATH = "flask-restless-datamodel"


def register_datamodel(manager, app, url_prefix=None):
    """Adds ``GET <url_prefix>/flask-restless-datamodel`` to `app` and returns its blueprint.

    `url_prefix` defaults to the manager's (``/api`` unless it was given
    another). The body is ``json.dumps`` output (keys in registration order,
    ``Content-Type: application/json``), as flask-restless-datamodel sends it.
    """
    prefix = manager.url_prefix if url_prefix is None else url_prefix
    blueprint = Blueprint("flask_restless_rx_datamodel", __name__, url_prefix=prefix or None)

    @blueprint.get("/" + DATAMODEL_PATH)
    def datamodel():
        document = build_datamodel(manager, __version__)
        return Response(json.dumps(document), mimetype="application/json")

    app.register_blueprint(blueprint)
    return blueprint
