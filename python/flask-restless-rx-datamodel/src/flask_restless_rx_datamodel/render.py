"""Builds the flask-restless-datamodel document from a Flask-Restless-NG APIManager.

The document has the structure flask-restless-datamodel 0.3 serves for a classic
Flask-Restless 0.17 app (docs/protocol/classic/datamodel.md), computed the same way
from the SQLAlchemy models, so a client that reads one reads the other:

- one entry per model registered with the manager, keyed by class name, in
  registration order, after the ``FlaskRestlessDatamodel`` meta entry;
- ``collection_name`` is what NG uses both as the URL segment and as the JSON:API
  ``type`` of the model's resources;
- ``attributes``: column name -> lower-cased SQLAlchemy type class name, hybrid
  properties as ``"hybrid"``, association proxies onto a column with the remote
  column's type. As in the classic document, foreign-key columns and the
  polymorphic discriminator are listed although NG never puts them in
  ``attributes`` (a relation's ``local_column`` names the foreign key);
- ``relations``: ``foreign_model``, ``relation_type``, ``backref``,
  ``local_column`` on MANYTOONE, and association proxies onto a relationship with
  ``is_proxy: true``;
- ``polymorphic``: ``on``/``identities`` on the base, ``parent``/``identity`` on a
  subclass.

What the manager was told to hide (``only``/``exclude``) is hidden here too.
``properties`` and ``methods`` are always empty: NG has no method or property
routes, and this package does not add the classic RPC routes (see README.md).
"""

from sqlalchemy.ext.associationproxy import (
    AssociationProxy,
    ColumnAssociationProxyInstance,
    ObjectAssociationProxyInstance,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.inspection import inspect as sqla_inspect
from sqlalchemy.orm.properties import ColumnProperty, RelationshipProperty

META_KEY = "FlaskRestlessDatamodel"


def build_datamodel(manager, server_version):
    """The whole document for every model registered with `manager` so far."""
    registered = list(manager.created_apis_for.items())
    names = {model: model.__name__ for model, _ in registered}
    document = {
        META_KEY: {
            "server_version": server_version,
            "serialize_naively": False,
            # Not in the classic document: tells a client which wire format the
            # collections speak.
            "dialect": "jsonapi",
        }
    }
    for model, api_info in registered:
        entry = render_model(model, api_info)
        polymorphic = render_polymorphic(model, registered, names)
        if polymorphic:
            entry["polymorphic"] = polymorphic
        document[model.__name__] = entry
    return document


def render_model(model, api_info):
    hidden_fields = hidden(model, api_info.serializer)
    attributes = render_attributes(model, hidden_fields)
    relations = render_relations(model, api_info.serializer, hidden_fields)
    render_association_proxies(model, attributes, relations, api_info.serializer, hidden_fields)
    return {
        "pk_name": api_info.primary_key,
        "collection_name": api_info.collection_name,
        "url_prefix": api_info.url_prefix,
        "attributes": attributes,
        "relations": relations,
        "properties": {},
        "methods": {},
    }


def hidden(model, serializer):
    """Field names the app hid with `only`/`exclude`.

    NG's DefaultSerializer also drops `id`, `type` and foreign keys from its
    attributes; those are not hidden by the app, so they stay listed, as the
    classic document lists them.
    """
    columns = getattr(serializer, "attributes_columns", None)
    if columns is None:  # a custom serializer: nothing to learn from it
        return frozenset()
    mapper = sqla_inspect(model)
    candidates = set(mapper.column_attrs.keys())
    candidates.update(
        key for key, descriptor in mapper.all_orm_descriptors.items()
        if descriptor.extension_type == hybrid_property.extension_type
    )
    foreign = {column.key for column in mapper.columns if column.foreign_keys}
    candidates -= {"id", "type"} | foreign
    return frozenset(candidates - set(columns))


def render_attributes(model, hidden_fields):
    attributes = {}
    for column in sqla_inspect(model).columns:
        if column.name not in hidden_fields:
            attributes[column.name] = type_name(column.type)
    for descriptor in sqla_inspect(model).all_orm_descriptors:
        if isinstance(descriptor, hybrid_property):
            name = descriptor.__name__
            if name not in hidden_fields:
                attributes[name] = "hybrid"
    return attributes


def render_relations(model, serializer, hidden_fields):
    served = getattr(serializer, "relationship_columns", None)
    relations = {}
    for rel in sqla_inspect(model).relationships:
        if served is not None and rel.key not in served:
            continue
        if rel.key in hidden_fields:
            continue
        direction = rel.direction.name
        if direction == "ONETOMANY" and not rel.uselist:
            direction = "ONETOONE"
        relations[rel.key] = {
            "foreign_model": rel.mapper.class_.__name__,
            "relation_type": direction,
            "backref": rel.back_populates,
        }
        if direction == "MANYTOONE":
            relations[rel.key]["local_column"] = list(rel.local_columns)[0].key
    return relations


def render_association_proxies(model, attributes, relations, serializer, hidden_fields):
    served = getattr(serializer, "relationship_columns", None)
    for name, proxy in association_proxies(model):
        if name in hidden_fields:
            continue
        remote = proxy.remote_attr.property
        if isinstance(remote, RelationshipProperty):
            if served is not None and name not in served:
                continue
            relations[name] = {
                "foreign_model": remote.mapper.class_.__name__,
                "relation_type": "MANYTOONE" if proxy.scalar else "ONETOMANY",
                "is_proxy": True,
            }
        elif isinstance(remote, ColumnProperty):
            attributes[name] = type_name(remote.columns[0].type)


def association_proxies(model):
    """(name, proxy bound to `model`) for each association proxy, in name order."""
    found = []
    for name in dir(model):
        if name.startswith("_"):
            continue
        value = getattr(model, name, None)
        if isinstance(value, (ObjectAssociationProxyInstance, ColumnAssociationProxyInstance)):
            value = value.parent
        if not isinstance(value, AssociationProxy):
            continue
        bound = value.__get__(None, model)
        # A proxy whose remote attribute has no property (a plain Python
        # attribute) names no model or column type: leave it out, as the
        # classic datamodel does.
        if hasattr(bound.remote_attr, "property"):
            found.append((name, bound))
    return found


def render_polymorphic(model, registered, names):
    info = {}
    args = model.__dict__.get("__mapper_args__", {})
    if "polymorphic_on" in args:
        on = args["polymorphic_on"]
        info["on"] = on if isinstance(on, str) else on.key
        info["identities"] = {
            sub.__mapper_args__["polymorphic_identity"]: names[sub]
            for sub, _ in registered
            if sub is not model and polymorphic_parent(sub) is model
        }
    parent = polymorphic_parent(model)
    if parent is not None:
        info["parent"] = parent.__name__
        info["identity"] = args["polymorphic_identity"]
    return info


def polymorphic_parent(model):
    """The direct base that declares `polymorphic_on`, when `model` has an identity."""
    if "polymorphic_identity" not in model.__dict__.get("__mapper_args__", {}):
        return None
    for base in model.__bases__:
        if "polymorphic_on" in base.__dict__.get("__mapper_args__", {}):
            return base
    return None


def type_name(sqla_type):
    return sqla_type.__class__.__name__.lower()
