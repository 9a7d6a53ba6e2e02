"""Models of the classic reference app (docs/protocol/classic/).

Everything here is shaped by the recordings, not by taste:

- Column order is the order of ``attributes`` in the published datamodel and
  the key order of model instances in RPC payloads, so it must not change.
- Every public function becomes an RPC route and appears in the datamodel
  (``methods``), so the models carry exactly the methods listed in
  docs/protocol/classic/datamodel.md: a helper added here would change the datamodel body.
- Return values and messages reproduce docs/protocol/classic/rpc.md byte for byte.
"""

import datetime
import os

import pytz
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import func
from sqlalchemy.ext.associationproxy import association_proxy
from sqlalchemy.ext.hybrid import hybrid_property

db = SQLAlchemy()

# `Computer.peers` (from the Python client's README) is a scalar proxy onto a
# dynamic to-many, which makes every serialization of a computer whose owner
# has 2+ computers fail with an HTML 500. The recorded default server has it;
# CLASSIC_PEERS=0 starts the recorded variant without it. Models are built at
# import time, so this is a per-process switch (one config per server, as in
# the recordings).
WITH_PEERS = os.environ.get("CLASSIC_PEERS", "1") != "0"


class Person(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.Unicode, unique=True)
    birth_date = db.Column(db.Date)

    # `computers` is the dynamic backref declared on Computer.owner.

    @property
    def name_upper(self):
        """Read-only property: the datamodel lists it as not settable."""
        return self.name.upper()

    @property
    def nickname(self):
        return self.name

    @nickname.setter
    def nickname(self, value):
        self.name = value

    def speak(self, what_to_say):
        # The example method of the Python client's README.
        return "Errr... uh... ehm... {}?".format(what_to_say)

    def greet(self, greeting, other_name):
        return "{}, {}! I am {}.".format(greeting, other_name, self.name)

    def describe(self, prefix="Person", suffix="!"):
        return "{} {}{}".format(prefix, self.name, suffix)

    def echo(self, first, second=2, *args, **kwargs):
        # Hands every kind of parameter back, so argument passing can be seen.
        return {"first": first, "second": second, "args": args, "kwargs": kwargs}

    def owns(self, computer):
        # `computer` may be a persistent Computer (resolved by pk), a
        # transient one (no pk), None (unknown pk) or a plain dict (unknown
        # class tag); report what arrived rather than assuming a Computer.
        return {
            "arg_type": type(computer).__name__,
            "arg_id": getattr(computer, "id", None),
            "arg_name": getattr(computer, "name", None),
            "owned": getattr(computer, "owner_id", None) == self.id,
        }

    def first_computer(self):
        return self.computers.order_by(Computer.id).first()

    def all_computers(self):
        return self.computers.order_by(Computer.id).all()

    def last_purchase(self):
        times = [c.purchase_time for c in self.computers if c.purchase_time]
        return max(times) if times else None

    def birth_noon_utc(self):
        # A tz-aware datetime: cereal-lazer encodes only the zone name.
        born = self.birth_date
        return datetime.datetime(born.year, born.month, born.day, 12, tzinfo=pytz.utc)

    def birthday_in(self, year):
        return self.birth_date.replace(year=year)

    def vendors(self):
        # A set: its msgpack order is Python's set order (PYTHONHASHSEED=0).
        return {c.vendor for c in self.computers.order_by(Computer.id)}

    def summary(self):
        computers = self.computers.order_by(Computer.id).all()
        return {
            "name": self.name,
            "computer_names": [c.name for c in computers],
            "n": len(computers),
        }

    def nothing(self):
        return None

    def explode(self):
        raise ValueError("Kaboom from {}".format(self.name))

    def rename(self, new_name):
        # Kept only if the DataModel commits on method return.
        self.name = new_name
        return self.name

    def count_computers(self):
        return self.computers.count()


class Employee(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.Unicode)
    type = db.Column(db.String)

    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}

    def work(self):
        return "{} works".format(self.name)

    def myself(self):
        return self


class Computer(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.Unicode, unique=True)
    vendor = db.Column(db.Unicode)
    purchase_time = db.Column(db.DateTime)
    owner_id = db.Column(db.Integer, db.ForeignKey("person.id"))
    owner = db.relationship(
        "Person", backref=db.backref("computers", lazy="dynamic")
    )
    owner_name = association_proxy("owner", "name")
    if WITH_PEERS:
        peers = association_proxy("owner", "computers")

    def label(self):
        return "{} ({})".format(self.name, self.vendor)


class Manager(Employee):
    # Single-table inheritance: no table of its own, `reports` is added to
    # the employee table.
    reports = db.Column(db.Integer)

    __mapper_args__ = {"polymorphic_identity": "manager"}

    def manage(self, whom):
        return "{} manages {}".format(self.name, whom)


article_tags = db.Table(
    "article_tags",
    db.Column("article_id", db.Integer, db.ForeignKey("article.id"), primary_key=True),
    db.Column("tag_id", db.Integer, db.ForeignKey("tag.id"), primary_key=True),
)


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.Unicode, unique=True, nullable=False)

    # `articles` is the dynamic backref declared on Article.tags.


class Article(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.Unicode)
    tags = db.relationship(
        "Tag", secondary=article_tags, backref=db.backref("articles", lazy="dynamic")
    )
    # Writing the proxy (PATCH) creates new Tag rows through the creator.
    tag_names = association_proxy("tags", "name", creator=lambda name: Tag(name=name))


class TypeZoo(db.Model):
    """One column of every SQLAlchemy type the datamodel can name."""

    # Flask-SQLAlchemy derives the table name `type_zoo`, which is also the
    # collection name.
    id = db.Column(db.Integer, primary_key=True)
    a_string = db.Column(db.String)
    a_unicode = db.Column(db.Unicode)
    a_text = db.Column(db.Text)
    an_integer = db.Column(db.Integer)
    a_float = db.Column(db.Float)
    # Scale 2: a posted 0.1 reads back as "0.10".
    a_numeric = db.Column(db.Numeric(10, 2))
    a_boolean = db.Column(db.Boolean)
    a_date = db.Column(db.Date)
    a_datetime = db.Column(db.DateTime)
    a_time = db.Column(db.Time)
    an_interval = db.Column(db.Interval)
    a_json = db.Column(db.JSON)
    a_binary = db.Column(db.LargeBinary)
    an_enum = db.Column(db.Enum("red", "green", "blue", name="color"))

    @hybrid_property
    def double_integer(self):
        # A row without an_integer serializes as 0 (recorded).
        return (self.an_integer or 0) * 2

    @double_integer.expression
    def double_integer(cls):
        return func.coalesce(cls.an_integer, 0) * 2

    def get_row(self):
        return self
