"""The classic reference server: Flask-Restless 0.17 + flask-restless-datamodel 0.3.

Reproduces the app the recordings in docs/protocol/classic/ were made
against, for the client's real-server tests. Run it with the venv made by
setup.sh:

    .venv/bin/python app.py          # prints "LISTENING <port>" when ready

Environment:
    CLASSIC_PEERS=0              Computer without the `peers` proxy (see models.py)
    COMMIT_ON_METHOD_RETURN=1    DataModel(commit_on_method_return=True) (the
                                 recordings label this config CLASSIC_COMMIT_ON_RETURN=1)
    CLASSIC_DB_PATH=/some/file   SQLite file to (re)create and seed instead of
                                 a fresh one in a temporary directory
    TEST_AUTH=1                  token authentication in front of the API (off by
                                 default; Flask-Restless has none): POST /api/auth
                                 with a form username/password answers
                                 {"access_token": ...} or 401, every other /api
                                 request needs "Authorization: Bearer <token>"
                                 else 401 {"message": ...}. TEST_AUTH_USERNAME,
                                 TEST_AUTH_PASSWORD and TEST_AUTH_TTL_MS (token
                                 lifetime, default one hour) configure it

Besides the recorded API there is one test-only route, POST /__test__/reset,
which recreates and reseeds the database (204); with TEST_AUTH=1 also
POST /__test__/expire-tokens, which expires every token issued (204).
"""

import logging
import os
import shutil
import secrets
import signal
import sys
import tempfile
import threading
import time

from flask import Flask, jsonify, request
from flask_restless import APIManager
from flask_restless_datamodel import DataModel
from werkzeug.serving import make_server

import compat
from models import Article, Computer, Employee, Manager, Person, Tag, TypeZoo, db
from seed import seed

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def reset_database():
    """Drop, recreate and seed every table: the state of a fresh server."""
    db.session.remove()
    db.drop_all()
    db.create_all()
    seed(db.session)


def register_apis(app, commit_on_method_return):
    """Expose the models, then the datamodel, then the RPC routes.

    The datamodel lists models in registration order (Person, Employee,
    Computer, Manager, Tag, Article, TypeZoo). flask-restless-datamodel fixes
    the rest of the sequence:
    - DataModel(manager) wraps the manager's create_api_blueprint; a model
      registered after that but before create_api(data_model) crashes (its
      renderer only exists from then on), so the models come first and
      create_api(data_model) renders all of them at once.
      (docs/protocol/classic/README.md lists DataModel(manager) first; with
      this stack that order fails at start-up.)
    - register_rpc_blueprint() goes last: method and property routes added to
      the blueprint after its registration would answer 404.
    With Flask-SQLAlchemy 3 all of it needs an app context.
    """
    with app.app_context():
        manager = APIManager(app, flask_sqlalchemy_db=db)
        # Function evaluation (/api/eval/person) is recorded for Person only.
        manager.create_api(Person, methods=ALL_METHODS, allow_functions=True)
        manager.create_api(Employee, methods=ALL_METHODS)
        manager.create_api(Computer, methods=ALL_METHODS, collection_name="compjutahs")
        # A single-table subclass needs its own collection name, or it is
        # mounted on the parent's URL too and the parent's rules win.
        manager.create_api(Manager, methods=ALL_METHODS, collection_name="manager")
        manager.create_api(Tag, methods=ALL_METHODS)
        manager.create_api(Article, methods=ALL_METHODS)
        manager.create_api(TypeZoo, methods=ALL_METHODS)
        data_model = DataModel(manager, commit_on_method_return=commit_on_method_return)
        manager.create_api(data_model, methods=["GET"])
        data_model.register_rpc_blueprint()


def install_token_auth(app, username, password, ttl_ms):
    """Bearer tokens in front of the API, as an app would add them.

    Only the client's re-authentication tests use it (TEST_AUTH=1). Tokens live
    in memory; the test-only routes stay open so the harness can reset.
    """
    tokens = {}  # token -> expiry (time.monotonic() seconds)
    lock = threading.Lock()

    @app.post("/api/auth")
    def login():
        if request.form.get("username") != username or request.form.get("password") != password:
            return jsonify(message="Bad username or password"), 401
        token = secrets.token_hex(24)
        with lock:
            tokens[token] = time.monotonic() + ttl_ms / 1000.0
        return jsonify(access_token=token)

    @app.post("/__test__/expire-tokens")
    def expire_tokens():
        with lock:
            tokens.clear()
        return "", 204

    @app.before_request
    def require_token():
        if request.path == "/api/auth" or request.path.startswith("/__test__/"):
            return None
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return jsonify(message="Missing Authorization Header"), 401
        token = header[len("Bearer "):]
        with lock:
            expiry = tokens.get(token)
            if expiry is None or expiry <= time.monotonic():
                tokens.pop(token, None)
                return jsonify(message="Token is invalid or has expired"), 401
        return None


def create_app(database_uri, commit_on_method_return=False):
    compat.apply()
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri
    db.init_app(app)
    with app.app_context():
        reset_database()
    register_apis(app, commit_on_method_return)
    if os.environ.get("TEST_AUTH") == "1":
        install_token_auth(
            app,
            os.environ.get("TEST_AUTH_USERNAME", "roy"),
            os.environ.get("TEST_AUTH_PASSWORD", "hunter2"),
            float(os.environ.get("TEST_AUTH_TTL_MS", "3600000")),
        )

    @app.post("/__test__/reset")
    def test_reset():
        reset_database()
        return "", 204

    return app


def main():
    # Tracebacks of the recorded HTML 500s still reach stderr through Flask's
    # logger; the one-line-per-request access log would only be noise.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    db_path = os.environ.get("CLASSIC_DB_PATH")
    temp_dir = None
    if not db_path:
        temp_dir = tempfile.mkdtemp(prefix="classic-server-")
        db_path = os.path.join(temp_dir, "classic.sqlite")

    # SIGTERM unwinds serve_forever() like Ctrl-C does, so the finally block
    # runs (socket closed, temporary database removed) and the exit code is 0.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        app = create_app(
            "sqlite:///" + os.path.abspath(db_path),
            commit_on_method_return=os.environ.get("COMMIT_ON_METHOD_RETURN") == "1",
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
