"""The NG servers' datamodel documents (python/flask-restless-rx-datamodel).

The contract app registers the classic test server's models, so its document
must equal the one flask-restless-datamodel 0.3 serves for them
(docs/protocol/classic/datamodel.md #1), except for what NG cannot offer:
no methods and no properties (no RPC routes), no `Computer.peers` (the NG app
runs without that proxy) and this package's own meta entry.

Run with the NG venv: .venv/bin/python -m pytest test_datamodel_parity.py
"""

import json
import os
import re

import pytest

import app as ng_app

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSIC = os.path.join(HERE, "../../../docs/protocol/classic/datamodel.md")


def recorded_classic_document():
    text = open(CLASSIC, encoding="utf-8").read()
    raw = re.search(r"Raw body, verbatim</summary>\s*```\n(.*?)\n```", text, re.S).group(1)
    return json.loads(raw)


def served(which):
    # Each app keeps its models in module-level SQLAlchemy objects: one app per
    # kind and test process.
    app = ng_app.create_app("sqlite://", which=which)
    response = app.test_client().get("/api/flask-restless-datamodel")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


@pytest.fixture(scope="module")
def contract_document():
    return served("contract")


@pytest.fixture(scope="module")
def ref_document():
    return served("ref")


def test_the_contract_app_serves_the_classic_document_without_methods_properties_and_peers(contract_document):
    expected = recorded_classic_document()
    del expected["FlaskRestlessDatamodel"]
    del expected["Computer"]["relations"]["peers"]
    for model in expected.values():
        model["properties"] = {}
        model["methods"] = {}
    actual = dict(contract_document)
    assert actual.pop("FlaskRestlessDatamodel")["dialect"] == "jsonapi"
    # Same models, same order, same content.
    assert list(actual) == list(expected)
    assert actual == expected


def test_the_reference_app_describes_both_association_proxy_variants_and_polymorphism(ref_document):
    assert ref_document["Article"]["relations"] == {
        "tags": {"foreign_model": "Tag", "relation_type": "MANYTOMANY", "backref": "articles"},
    }
    assert ref_document["Article"]["attributes"]["tag_names"] == "unicode"
    assert ref_document["Article2"]["relations"] == {
        "articletags": {"foreign_model": "ArticleTag", "relation_type": "ONETOMANY", "backref": "article"},
        "tags": {"foreign_model": "Tag", "relation_type": "ONETOMANY", "is_proxy": True},
    }
    assert ref_document["ArticleTag"]["collection_name"] == "articletag"
    assert ref_document["Employee"]["polymorphic"] == {"on": "type", "identities": {"manager": "Manager"}}
    assert ref_document["Manager"]["polymorphic"] == {"parent": "Employee", "identity": "manager"}
    assert ref_document["AllTypes"]["collection_name"] == "all_types"
    # The /api registrations: the variants on /api2 and /api-fixed have their own managers.
    assert {model["url_prefix"] for name, model in ref_document.items() if name != "FlaskRestlessDatamodel"} == {"/api"}
