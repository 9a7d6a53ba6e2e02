"""Models and API registrations of the reference app of docs/protocol/jsonapi/.

The recordings do not include their app's source; this one is rebuilt from what
the recorded exchanges show (resource types, attributes, relationships, error
messages, registration options), and verify.py checks that it answers the same.

Collections: person, computer, all_types, blob, tag, article (association
table + `tag_names` proxy), article2 (association object `articletags` +
`tags` proxy), articletag, employee/manager (single-table), note (an onupdate
column). Prefixes: /api (the recorded options), /api2 (variants: client ids on
tag, no additional attributes on computer, `exclude=['articletags']` on
article2, `additional_attributes=['tag_names']` on article) and /api-fixed
(page size 2, maximum 3, default flags; computer read-only).
"""

import datetime
import enum

from flask_restless_rx_datamodel import register_datamodel
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.ext.associationproxy import association_proxy

db = SQLAlchemy()


class Person(db.Model):
    __tablename__ = "person"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.Unicode, unique=True)
    birth_date = db.Column(db.Date)


class Computer(db.Model):
    __tablename__ = "computer"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.Unicode)
    vendor = db.Column(db.Unicode)
    purchase_time = db.Column(db.DateTime)
    owner_id = db.Column(db.Integer, db.ForeignKey("person.id"))
    # read.md #35 names the backref lazy="dynamic".
    owner = db.relationship("Person", backref=db.backref("computers", lazy="dynamic"))
    owner_name = association_proxy("owner", "name")


class Color(enum.Enum):
    # Values differ from names: NG sends and takes the name (write.md #25).
    red = "r"
    green = "g"
    blue = "b"


class AllTypes(db.Model):
    __tablename__ = "all_types"
    id = db.Column(db.Integer, primary_key=True)
    # Column order of the recorded INSERT statements (write.md #22).
    date_col = db.Column(db.Date)
    datetime_col = db.Column(db.DateTime)
    time_col = db.Column(db.Time)
    interval_col = db.Column(db.Interval)
    numeric_col = db.Column(db.Numeric(10, 2))
    bool_col = db.Column(db.Boolean)
    binary_col = db.Column(db.LargeBinary)
    float_col = db.Column(db.Float)
    int_col = db.Column(db.Integer)
    text_col = db.Column(db.UnicodeText)
    # Not in the INSERTs: SQLAlchemy leaves an unset JSON column out.
    json_col = db.Column(db.JSON)
    enum_col = db.Column(db.Enum(Color, name="color"))
    enum_str_col = db.Column(db.Enum("small", "large", name="size"))


class Blob(db.Model):
    __tablename__ = "blob"
    id = db.Column(db.Integer, primary_key=True)
    data = db.Column(db.LargeBinary)


article_tag = db.Table(
    "article_tag",
    db.Column("article_id", db.Integer, db.ForeignKey("article.id"), primary_key=True),
    db.Column("tag_id", db.Integer, db.ForeignKey("tag.id"), primary_key=True),
)


class Tag(db.Model):
    __tablename__ = "tag"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.Unicode, unique=True)


class Article(db.Model):
    """Association TABLE variant."""

    __tablename__ = "article"
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.Unicode)
    tags = db.relationship("Tag", secondary=article_tag, backref="articles")
    # No creator: POSTing tag_names fails building Tag objects (relationships.md #21).
    tag_names = association_proxy("tags", "name")


class Article2(db.Model):
    """Association OBJECT variant."""

    __tablename__ = "article2"
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.Unicode)
    articletags = db.relationship(
        "ArticleTag", back_populates="article", cascade="all, delete-orphan"
    )
    tags = association_proxy("articletags", "tag", creator=lambda tag: ArticleTag(tag=tag))


class ArticleTag(db.Model):
    __tablename__ = "articletag"
    id = db.Column(db.Integer, primary_key=True)
    article_id = db.Column(db.Integer, db.ForeignKey("article2.id"))
    tag_id = db.Column(db.Integer, db.ForeignKey("tag.id"))
    note = db.Column(db.Unicode)
    article = db.relationship("Article2", back_populates="articletags")
    tag = db.relationship("Tag")


class Employee(db.Model):
    __tablename__ = "employee"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.Unicode)
    type = db.Column(db.String)
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}


class Manager(Employee):
    level = db.Column(db.Integer)
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Note(db.Model):
    __tablename__ = "note"
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.Unicode)
    updated_at = db.Column(db.DateTime, default=datetime.datetime.now, onupdate=datetime.datetime.now)


# The recording's app defined its models in the script it ran, so NG's
# messages name them `<class '__main__.Person'>` (write.md #52).
for _model in (Person, Computer, AllTypes, Blob, Tag, Article, Article2, ArticleTag, Employee, Manager, Note):
    _model.__module__ = "__main__"

ALL = ["GET", "POST", "PATCH", "DELETE"]
RECORDED = dict(
    methods=ALL,
    page_size=10,
    max_page_size=100,
    allow_to_many_replacement=True,
    allow_delete_from_to_many_relationships=True,
)


def register(app, new_manager):
    """One APIManager per prefix, as the recordings show.

    NG keeps one registration per model and manager: the serializer (so
    `additional_attributes`/`exclude`) and the prefix of `links.self` come
    from it, and differ per prefix in the recordings (relationships.md #1, #4,
    #19; read.md #15). Each manager registers the related models its
    resources link to.
    """
    api = new_manager("/api")
    api.create_api(Person, **RECORDED)
    api.create_api(Computer, additional_attributes=["owner_name"], **RECORDED)
    api.create_api(AllTypes, **RECORDED)
    api.create_api(Blob, **RECORDED)
    api.create_api(Tag, **RECORDED)
    api.create_api(Article, **RECORDED)
    api.create_api(Article2, **RECORDED)
    api.create_api(ArticleTag, **RECORDED)
    api.create_api(Employee, collection_name="employee", **RECORDED)
    api.create_api(Manager, collection_name="manager", **RECORDED)
    api.create_api(Note, **RECORDED)
    register_datamodel(api, app)

    api2 = new_manager("/api2")
    api2.create_api(Tag, allow_client_generated_ids=True, **RECORDED)
    api2.create_api(Computer, **RECORDED)
    api2.create_api(Person, **RECORDED)
    api2.create_api(Article2, exclude=["articletags"], **RECORDED)
    api2.create_api(Article, additional_attributes=["tag_names"], **RECORDED)

    fixed = new_manager("/api-fixed")
    fixed.create_api(Person, methods=ALL, page_size=2, max_page_size=3)
    fixed.create_api(Computer, methods=["GET"], page_size=2, max_page_size=3)
