"""The datamodel document served for a Flask-Restless-NG app.

Each test builds a small app on its own SQLAlchemy models (declared per test,
so registrations never leak between tests) and reads the document over HTTP,
as the TypeScript client does.
"""

import json

import pytest
from flask import Flask
from flask_restless import APIManager
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.ext.associationproxy import association_proxy
from sqlalchemy.ext.hybrid import hybrid_property

from flask_restless_rx_datamodel import __version__, register_datamodel

URL = "/api/flask-restless-datamodel"


@pytest.fixture
def db():
    return SQLAlchemy()


def serve(db, register, manager_prefix="/api", datamodel_prefix=None):
    """A test client of an app whose APIs `register(manager)` creates."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    db.init_app(app)
    with app.app_context():
        db.create_all()
        manager = APIManager(app, session=db.session, url_prefix=manager_prefix)
        register(manager)
        register_datamodel(manager, app, url_prefix=datamodel_prefix)
    return app.test_client()


def document(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def people_and_computers(db):
    class Person(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.Unicode, unique=True)
        birth_date = db.Column(db.Date)

        @property
        def name_upper(self):
            return self.name.upper()

        def speak(self, what):
            return what

    class Computer(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.Unicode)
        owner_id = db.Column(db.Integer, db.ForeignKey("person.id"))
        owner = db.relationship("Person", backref=db.backref("computers", lazy="dynamic"))
        owner_name = association_proxy("owner", "name")

    return Person, Computer


def test_models_appear_by_class_name_in_registration_order_after_the_meta_entry(db):
    Person, Computer = people_and_computers(db)

    def register(manager):
        manager.create_api(Computer, collection_name="compjutahs")
        manager.create_api(Person)

    body = document(serve(db, register))
    assert list(body) == ["FlaskRestlessDatamodel", "Computer", "Person"]
    assert body["FlaskRestlessDatamodel"] == {
        "server_version": __version__,
        "serialize_naively": False,
        "dialect": "jsonapi",
    }


def test_the_body_is_json_dumps_output_like_flask_restless_datamodel(db):
    Person, _ = people_and_computers(db)
    raw = serve(db, lambda m: m.create_api(Person)).get(URL).get_data(as_text=True)
    # ", " / ": " separators and insertion order, not Flask's sorted compact JSON.
    assert raw.startswith('{"FlaskRestlessDatamodel": {"server_version": ')
    assert '"Person": {"pk_name": "id", "collection_name": "person", "url_prefix": "/api", ' in raw


def test_columns_relations_and_collection_names_are_described_as_in_the_classic_document(db):
    Person, Computer = people_and_computers(db)

    def register(manager):
        manager.create_api(Person)
        manager.create_api(Computer, collection_name="compjutahs")

    body = document(serve(db, register))
    assert body["Person"] == {
        "pk_name": "id",
        "collection_name": "person",
        "url_prefix": "/api",
        "attributes": {"id": "integer", "name": "unicode", "birth_date": "date"},
        "relations": {
            "computers": {"foreign_model": "Computer", "relation_type": "ONETOMANY", "backref": "owner"},
        },
        # NG has no property or method routes, so none are announced.
        "properties": {},
        "methods": {},
    }
    assert body["Computer"]["collection_name"] == "compjutahs"
    # The foreign key stays listed (NG does not send it; local_column names it),
    # and a proxy onto a column has the column's type.
    assert body["Computer"]["attributes"] == {
        "id": "integer",
        "name": "unicode",
        "owner_id": "integer",
        "owner_name": "unicode",
    }
    assert body["Computer"]["relations"] == {
        "owner": {
            "foreign_model": "Person",
            "relation_type": "MANYTOONE",
            "backref": "computers",
            "local_column": "owner_id",
        },
    }


def test_a_relation_to_an_unregistered_model_is_still_described(db):
    # As the classic document does: the client decides what to do with it.
    Person, Computer = people_and_computers(db)
    body = document(serve(db, lambda m: m.create_api(Computer)))
    assert list(body) == ["FlaskRestlessDatamodel", "Computer"]
    assert body["Computer"]["relations"]["owner"]["foreign_model"] == "Person"


def test_fields_hidden_with_exclude_or_only_are_hidden_from_the_document(db):
    Person, Computer = people_and_computers(db)

    def register(manager):
        manager.create_api(Person, exclude=["birth_date", "computers"])
        manager.create_api(Computer, only=["name"])

    body = document(serve(db, register))
    assert body["Person"]["attributes"] == {"id": "integer", "name": "unicode"}
    assert body["Person"]["relations"] == {}
    assert set(body["Computer"]["attributes"]) == {"id", "name", "owner_id", "owner_name"}
    assert body["Computer"]["relations"] == {}


def test_hybrid_properties_are_hybrid_attributes(db):
    class Box(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        width = db.Column(db.Integer)

        @hybrid_property
        def double_width(self):
            return self.width * 2

    body = document(serve(db, lambda m: m.create_api(Box)))
    assert body["Box"]["attributes"] == {"id": "integer", "width": "integer", "double_width": "hybrid"}


def test_every_column_type_is_named_by_its_lower_cased_sqlalchemy_class(db):
    class Zoo(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        a_string = db.Column(db.String)
        a_text = db.Column(db.Text)
        a_big = db.Column(db.BigInteger)
        a_numeric = db.Column(db.Numeric(10, 2))
        a_boolean = db.Column(db.Boolean)
        a_datetime = db.Column(db.DateTime)
        a_time = db.Column(db.Time)
        an_interval = db.Column(db.Interval)
        a_json = db.Column(db.JSON)
        a_binary = db.Column(db.LargeBinary)
        an_enum = db.Column(db.Enum("red", "green", name="color"))

    body = document(serve(db, lambda m: m.create_api(Zoo)))
    assert body["Zoo"]["attributes"] == {
        "id": "integer",
        "a_string": "string",
        "a_text": "text",
        "a_big": "biginteger",
        "a_numeric": "numeric",
        "a_boolean": "boolean",
        "a_datetime": "datetime",
        "a_time": "time",
        "an_interval": "interval",
        "a_json": "json",
        "a_binary": "largebinary",
        "an_enum": "enum",
    }


def test_single_table_polymorphism_names_the_discriminator_identities_and_parent(db):
    class Employee(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.Unicode)
        type = db.Column(db.String)
        __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}

    class Manager(Employee):
        reports = db.Column(db.Integer)
        __mapper_args__ = {"polymorphic_identity": "manager"}

    class Engineer(Employee):
        __mapper_args__ = {"polymorphic_identity": "engineer"}

    def register(manager):
        manager.create_api(Employee)
        manager.create_api(Manager, collection_name="manager")
        # Engineer is not registered: it is not an identity the client can reach.

    body = document(serve(db, register))
    assert body["Employee"]["polymorphic"] == {"on": "type", "identities": {"manager": "Manager"}}
    assert body["Manager"]["polymorphic"] == {"parent": "Employee", "identity": "manager"}
    assert body["Manager"]["attributes"] == {
        "id": "integer",
        "name": "unicode",
        "type": "string",
        "reports": "integer",
    }
    assert "polymorphic" not in body.get("Engineer", {})


def test_a_model_without_inheritance_has_no_polymorphic_entry(db):
    Person, _ = people_and_computers(db)
    assert "polymorphic" not in document(serve(db, lambda m: m.create_api(Person)))["Person"]


def test_association_proxies_through_a_table_and_through_an_association_object(db):
    article_tags = db.Table(
        "article_tags",
        db.Column("article_id", db.Integer, db.ForeignKey("article.id"), primary_key=True),
        db.Column("tag_id", db.Integer, db.ForeignKey("tag.id"), primary_key=True),
    )

    class Tag(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.Unicode)

    class Article(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        tags = db.relationship("Tag", secondary=article_tags, backref="articles")
        tag_names = association_proxy("tags", "name")

    class Post(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        post_tags = db.relationship("PostTag", back_populates="post")
        tags = association_proxy("post_tags", "tag")

    class PostTag(db.Model):
        post_id = db.Column(db.Integer, db.ForeignKey("post.id"), primary_key=True)
        tag_id = db.Column(db.Integer, db.ForeignKey("tag.id"), primary_key=True)
        post = db.relationship("Post", back_populates="post_tags")
        tag = db.relationship("Tag")

    def register(manager):
        manager.create_api(Tag)
        manager.create_api(Article)
        manager.create_api(Post)

    body = document(serve(db, register))
    assert body["Article"]["attributes"] == {"id": "integer", "tag_names": "unicode"}
    assert body["Article"]["relations"] == {
        "tags": {"foreign_model": "Tag", "relation_type": "MANYTOMANY", "backref": "articles"},
    }
    assert body["Post"]["relations"] == {
        "post_tags": {"foreign_model": "PostTag", "relation_type": "ONETOMANY", "backref": "post"},
        "tags": {"foreign_model": "Tag", "relation_type": "ONETOMANY", "is_proxy": True},
    }


def test_a_one_to_one_relation_is_onetoone(db):
    class Owner(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        passport = db.relationship("Passport", uselist=False, back_populates="owner")

    class Passport(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        owner_id = db.Column(db.Integer, db.ForeignKey("owner.id"))
        owner = db.relationship("Owner", back_populates="passport")

    def register(manager):
        manager.create_api(Owner)
        manager.create_api(Passport)

    body = document(serve(db, register))
    assert body["Owner"]["relations"]["passport"]["relation_type"] == "ONETOONE"
    assert body["Passport"]["relations"]["owner"]["relation_type"] == "MANYTOONE"


def test_models_registered_after_the_datamodel_are_in_it(db):
    Person, Computer = people_and_computers(db)
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    db.init_app(app)
    with app.app_context():
        manager = APIManager(app, session=db.session)
        register_datamodel(manager, app)
        manager.create_api(Person)
        manager.create_api(Computer)
    assert list(document(app.test_client())) == ["FlaskRestlessDatamodel", "Person", "Computer"]


def test_the_url_follows_the_manager_prefix_or_the_one_given(db):
    Person, _ = people_and_computers(db)
    body = document(serve(db, lambda m: m.create_api(Person), manager_prefix="/v2"), "/v2/flask-restless-datamodel")
    assert body["Person"]["url_prefix"] == "/v2"

    other = SQLAlchemy()
    Other, _ = people_and_computers(other)
    client = serve(other, lambda m: m.create_api(Other), datamodel_prefix="/meta")
    assert client.get(URL).status_code == 404
    assert document(client, "/meta/flask-restless-datamodel")["Person"]["url_prefix"] == "/api"


def test_a_model_with_its_own_prefix_says_so(db):
    Person, Computer = people_and_computers(db)

    def register(manager):
        manager.create_api(Person)
        manager.create_api(Computer, url_prefix="/api-fixed")

    body = document(serve(db, register))
    assert body["Computer"]["url_prefix"] == "/api-fixed"


def test_only_get_is_served(db):
    Person, _ = people_and_computers(db)
    client = serve(db, lambda m: m.create_api(Person))
    assert client.post(URL).status_code == 405
