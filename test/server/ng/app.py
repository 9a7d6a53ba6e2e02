"""The JSON:API-dialect test server: Flask-Restless-NG 3.3.0.

Run it with the venv made by setup.sh:

    .venv/bin/python app.py          # prints "LISTENING <port>" when ready

Two apps, chosen with NG_APP:

- ``contract`` (default): the classic test server's models and seed data
  (test/server/models.py, seed.py) under NG, so one contract suite runs on both
  dialects. Collection names are the classic app's (Computer is ``compjutahs``),
  and they are also the JSON:API types.
- ``ref``: the reference app of the recordings in docs/protocol/jsonapi/
  (ref_models.py, ref_seed.py), which verify.py replays. Its own models and
  seed, served on the recorded prefixes (/api, /api-fixed, /api-cgid, ...).

Every API is registered as recorded: page size 10, maximum 100, to-many
replacement and deletion from to-many relationships allowed, no
client-generated ids. GET /api/flask-restless-datamodel serves the datamodel
document (python/flask-restless-rx-datamodel).

Environment:
    NG_APP=contract|ref     which app (default contract)
    NG_DB_PATH=/some/file   SQLite file to (re)create and seed instead of a fresh
                            one in a temporary directory
    INCLUDE_LINKS=1         APIManager(include_links=True) (recorded variant)

Besides the API there is one test-only route, POST /__test__/reset, which
recreates and reseeds the database (204).
"""

import logging
import os
import shutil
import signal
import sys
import tempfile

from flask import Flask
from flask_restless import APIManager
from flask_restless_rx_datamodel import register_datamodel
from werkzeug.serving import make_server

# The classic models' `Computer.peers` proxy (a scalar proxy onto a dynamic
# to-many) exists only to reproduce a classic bug; NG would list it as a
# relationship. It is read at import time of models.py.
os.environ["CLASSIC_PEERS"] = "0"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

WRITE_METHODS = ["GET", "POST", "PATCH", "DELETE"]

#: The registration options of every recorded API.
RECORDED_OPTIONS = dict(
    methods=WRITE_METHODS,
    page_size=10,
    max_page_size=100,
    allow_to_many_replacement=True,
    allow_delete_from_to_many_relationships=True,
)


def contract_app():
    """(db, seed, register) of the contract app: the classic models under NG."""
    from models import Article, Computer, Employee, Manager, Person, Tag, TypeZoo, db
    from seed import seed

    def register(app, new_manager):
        manager = new_manager("/api")
        # The classic registration order, and its collection names.
        manager.create_api(Person, **RECORDED_OPTIONS)
        manager.create_api(Employee, **RECORDED_OPTIONS)
        manager.create_api(Computer, collection_name="compjutahs", **RECORDED_OPTIONS)
        manager.create_api(Manager, collection_name="manager", **RECORDED_OPTIONS)
        manager.create_api(Tag, **RECORDED_OPTIONS)
        manager.create_api(Article, **RECORDED_OPTIONS)
        manager.create_api(TypeZoo, **RECORDED_OPTIONS)
        register_datamodel(manager, app)

    return db, seed, register


def ref_app():
    from ref_models import db, register
    from ref_seed import seed

    return db, seed, register


def create_app(database_uri, which="contract", include_links=False):
    db, seed, register = ref_app() if which == "ref" else contract_app()
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri
    db.init_app(app)

    def reset_database():
        """Drop, recreate and seed every table: the state of a fresh server."""
        db.session.remove()
        db.drop_all()
        db.create_all()
        seed(db.session)

    with app.app_context():
        reset_database()

        def new_manager(url_prefix):
            return APIManager(app, session=db.session, include_links=include_links, url_prefix=url_prefix)

        register(app, new_manager)

    @app.post("/__test__/reset")
    def test_reset():
        reset_database()
        return "", 204

    return app


def main():
    # Tracebacks of the recorded HTML 500s still reach stderr through Flask's
    # logger; the one-line-per-request access log would only be noise.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    db_path = os.environ.get("NG_DB_PATH")
    temp_dir = None
    if not db_path:
        temp_dir = tempfile.mkdtemp(prefix="ng-server-")
        db_path = os.path.join(temp_dir, "ng.sqlite")

    # SIGTERM unwinds serve_forever() like Ctrl-C does, so the finally block
    # runs (socket closed, temporary database removed) and the exit code is 0.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        app = create_app(
            "sqlite:///" + os.path.abspath(db_path),
            which=os.environ.get("NG_APP", "contract"),
            include_links=os.environ.get("INCLUDE_LINKS") == "1",
        )
        # Port 0: the OS picks a free port, reported on stdout for the caller.
        server = make_server("127.0.0.1", 0, app, threaded=True)
        print("LISTENING {}".format(server.server_port), flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        if temp_dir:
            shutil.rmtree(temp_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
