"""The two patches that let Flask-Restless 0.17 run on Python 3.11 + SQLAlchemy 1.4.

Both are described in docs/protocol/classic/README.md; the recordings were
made with exactly these patches, so they are part of the reference behaviour.
Call apply() before the first request.
"""

import inspect

import flask_restless.helpers
import flask_restless.views


def _count(session, query):
    """Row count of `query`, honouring its limit/offset.

    Flask-Restless's own `count` reads `query._limit`, which SQLAlchemy 1.4
    no longer has (every collection GET would be an HTML 500).
    `Query.count()` wraps the query in a subquery, so `num_results` counts
    after `limit`/`offset`, as recorded.
    """
    return query.count()


def apply():
    # Python 3.11 removed inspect.getargspec; Flask-Restless 0.17 calls it for
    # every filter operator (search.py) and would answer every filtered `q`
    # with 400 "Unable to construct query". getfullargspec has the `.args`
    # it reads.
    inspect.getargspec = inspect.getfullargspec

    # `count` is imported by name into both modules, so both names must be
    # replaced.
    flask_restless.helpers.count = _count
    flask_restless.views.count = _count
