"""Seed rows of the reference app of docs/protocol/jsonapi/, as the recordings show them.

Primary keys are explicit so rows get the recorded ids whatever order
SQLAlchemy inserts them in.
"""

import datetime
from decimal import Decimal

from ref_models import (
    AllTypes,
    Article,
    Article2,
    ArticleTag,
    Blob,
    Color,
    Computer,
    Employee,
    Manager,
    Note,
    Person,
    Tag,
)


def seed(session):
    alice = Person(id=1, name="Alice", birth_date=datetime.date(1990, 1, 2))
    bob = Person(id=2, name="Bob", birth_date=datetime.date(1985, 6, 15))
    session.add_all(
        [
            alice,
            bob,
            Person(id=3, name="Carol", birth_date=None),
            Person(id=4, name="Dave", birth_date=datetime.date(2001, 12, 31)),
            Person(id=5, name="eve", birth_date=datetime.date(1970, 3, 4)),
        ]
    )
    session.add_all(
        [
            Computer(id=1, name="alice-laptop", vendor="Apple",
                     purchase_time=datetime.datetime(2020, 5, 17, 10, 30), owner=alice),
            Computer(id=2, name="alice-desktop", vendor="Dell",
                     purchase_time=datetime.datetime(2019, 1, 1, 8, 0, 0, 123456), owner=alice),
            Computer(id=3, name="bob-laptop", vendor="Lenovo",
                     purchase_time=datetime.datetime(2021, 7, 4, 23, 59, 59), owner=bob),
            Computer(id=4, name="spare", vendor="Dell"),
        ]
    )
    session.add_all(
        [
            AllTypes(
                id=1,
                int_col=7,
                float_col=3.25,
                numeric_col=Decimal("1234.50"),
                bool_col=True,
                date_col=datetime.date(2024, 2, 29),
                datetime_col=datetime.datetime(2024, 2, 29, 13, 45, 7, 250000),
                time_col=datetime.time(13, 45, 7),
                interval_col=datetime.timedelta(days=1, hours=2, seconds=3.5),
                json_col={"a": 1, "b": [True, None, "x"], "c": {"d": 1.5}},
                text_col="long text\nwith newline and unicode \u00e9\u4e2d",
                enum_col=Color.green,
                enum_str_col="large",
            ),
            AllTypes(id=2, int_col=3, float_col=10.0, bool_col=False),
        ]
    )
    session.add_all([Blob(id=1, data=b"\x00\x01binary"), Blob(id=2, data=None)])
    foo, bar, baz = Tag(id=1, name="foo"), Tag(id=2, name="bar"), Tag(id=3, name="baz")
    session.add_all([foo, bar, baz])
    session.flush()
    # One flush per article: the association rows then keep their order.
    session.add(Article(id=1, title="First", tags=[foo, bar]))
    session.flush()
    session.add(Article(id=2, title="Second", tags=[baz]))
    session.flush()
    first = Article2(id=1, title="Obj First")
    session.add(first)
    session.flush()
    session.add(ArticleTag(id=1, article=first, tag=foo, note="first link"))
    session.flush()
    session.add(ArticleTag(id=2, article=first, tag=bar, note="second link"))
    session.add(Article2(id=2, title="Obj Second"))
    session.add_all(
        [
            Employee(id=1, name="Erin"),
            Manager(id=2, name="Mallory", level=3),
            Employee(id=3, name="Frank"),
        ]
    )
    session.add(Note(id=1, text="original"))
    session.commit()
