"""Seed data of the recordings (the header of every file in docs/protocol/classic/).

Primary keys are given explicitly so the rows get the recorded ids whatever the
order SQLAlchemy inserts them in.
"""

import datetime

from models import Article, Computer, Employee, Manager, Person, Tag, TypeZoo


def seed(session):
    alice = Person(id=1, name="Alice", birth_date=datetime.date(1990, 1, 15))
    bob = Person(id=2, name="Bob", birth_date=datetime.date(1985, 6, 30))
    session.add_all(
        [
            alice,
            bob,
            Person(id=3, name="Carol", birth_date=datetime.date(2000, 12, 1)),
            Person(id=4, name="Dave", birth_date=None),
            Person(id=5, name="Eve", birth_date=datetime.date(1975, 3, 3)),
        ]
    )
    session.add_all(
        [
            Computer(
                id=1,
                name="alice-laptop",
                vendor="Pear",
                purchase_time=datetime.datetime(2020, 5, 1, 10, 30, 0),
                owner=alice,
            ),
            Computer(
                id=2,
                name="alice-desktop",
                vendor="Dull",
                purchase_time=datetime.datetime(2021, 7, 14, 8, 0, 5),
                owner=alice,
            ),
            Computer(
                id=3,
                name="bob-box",
                vendor="Pear",
                purchase_time=datetime.datetime(2019, 11, 2, 23, 59, 59),
                owner=bob,
            ),
            Computer(id=4, name="orphan", vendor="Lenowo"),
        ]
    )
    session.add_all(
        [
            Employee(id=1, name="Erin"),
            Employee(id=2, name="Frank"),
            Manager(id=3, name="Grace", reports=2),
        ]
    )
    python, flask, rest = (
        Tag(id=1, name="python"),
        Tag(id=2, name="flask"),
        Tag(id=3, name="rest"),
    )
    session.add_all([python, flask, rest])
    # One flush per article: within a single flush SQLAlchemy writes the
    # article_tags rows in no guaranteed order, and `Tag.articles` (no ORDER
    # BY) returns them in table order. Each Article is created just before
    # its flush, because giving it tags already cascades it into the session.
    for article_id, title, tags in [
        (1, "Intro to Flask-Restless", [python, flask, rest]),
        (2, "SQLAlchemy tips", [python]),
        (3, "Untagged", []),
    ]:
        session.add(Article(id=article_id, title=title, tags=tags))
        session.flush()
    # Interval, binary and numeric stay NULL: an Interval cannot be
    # serialized at all, and the seeded row must be readable.
    session.add(
        TypeZoo(
            id=1,
            a_string="str",
            a_unicode="uni",
            a_text="long text",
            an_integer=7,
            a_float=1.5,
            a_boolean=True,
            a_date=datetime.date(2018, 1, 1),
            a_datetime=datetime.datetime(2018, 1, 1, 13, 14, 15, 123456),
            a_time=datetime.time(9, 8, 7),
            a_json={"awe": "some", "list": [1, 2, 3]},
            an_enum="green",
        )
    )
    session.commit()
