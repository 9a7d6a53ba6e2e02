/**
 * The datamodel document the classic reference server publishes (GET /api/flask-restless-datamodel),
 * exactly as recorded in docs/protocol/classic/datamodel.md: same models, same key order.
 * `recordedDatamodelBody` is the response body byte for byte (Python `json.dumps` output).
 */
import type { RawDatamodel } from '../src/schema/datamodel.js';

export const recordedDatamodel = {
  FlaskRestlessDatamodel: {
    server_version: '0.3.0',
    serialize_naively: false,
  },
  Person: {
    pk_name: 'id',
    collection_name: 'person',
    url_prefix: '/api',
    attributes: {
      id: 'integer',
      name: 'unicode',
      birth_date: 'date',
    },
    relations: {
      computers: {
        foreign_model: 'Computer',
        relation_type: 'ONETOMANY',
        backref: 'owner',
      },
    },
    properties: {
      name_upper: false,
      nickname: true,
    },
    methods: {
      all_computers: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      birth_noon_utc: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      birthday_in: {
        args: ['year'],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      count_computers: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      describe: {
        args: [],
        kwargs: ['prefix', 'suffix'],
        argsvar: null,
        kwargsvar: null,
      },
      echo: {
        args: ['first'],
        kwargs: ['second'],
        argsvar: 'args',
        kwargsvar: 'kwargs',
      },
      explode: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      first_computer: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      greet: {
        args: ['greeting', 'other_name'],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      last_purchase: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      nothing: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      owns: {
        args: ['computer'],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      rename: {
        args: ['new_name'],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      speak: {
        args: ['what_to_say'],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      summary: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      vendors: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
    },
  },
  Employee: {
    pk_name: 'id',
    collection_name: 'employee',
    url_prefix: '/api',
    attributes: {
      id: 'integer',
      name: 'unicode',
      type: 'string',
    },
    relations: {},
    properties: {},
    methods: {
      myself: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      work: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
    },
    polymorphic: {
      on: 'type',
      identities: {
        manager: 'Manager',
      },
    },
  },
  Computer: {
    pk_name: 'id',
    collection_name: 'compjutahs',
    url_prefix: '/api',
    attributes: {
      id: 'integer',
      name: 'unicode',
      vendor: 'unicode',
      purchase_time: 'datetime',
      owner_id: 'integer',
      owner_name: 'unicode',
    },
    relations: {
      owner: {
        foreign_model: 'Person',
        relation_type: 'MANYTOONE',
        backref: 'computers',
        local_column: 'owner_id',
      },
      peers: {
        foreign_model: 'Computer',
        relation_type: 'MANYTOONE',
        is_proxy: true,
      },
    },
    properties: {},
    methods: {
      label: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
    },
  },
  Manager: {
    pk_name: 'id',
    collection_name: 'manager',
    url_prefix: '/api',
    attributes: {
      id: 'integer',
      name: 'unicode',
      type: 'string',
      reports: 'integer',
    },
    relations: {},
    properties: {},
    methods: {
      manage: {
        args: ['whom'],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      myself: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
      work: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
    },
    polymorphic: {
      parent: 'Employee',
      identity: 'manager',
    },
  },
  Tag: {
    pk_name: 'id',
    collection_name: 'tag',
    url_prefix: '/api',
    attributes: {
      id: 'integer',
      name: 'unicode',
    },
    relations: {
      articles: {
        foreign_model: 'Article',
        relation_type: 'MANYTOMANY',
        backref: 'tags',
      },
    },
    properties: {},
    methods: {},
  },
  Article: {
    pk_name: 'id',
    collection_name: 'article',
    url_prefix: '/api',
    attributes: {
      id: 'integer',
      title: 'unicode',
      tag_names: 'unicode',
    },
    relations: {
      tags: {
        foreign_model: 'Tag',
        relation_type: 'MANYTOMANY',
        backref: 'articles',
      },
    },
    properties: {},
    methods: {},
  },
  TypeZoo: {
    pk_name: 'id',
    collection_name: 'type_zoo',
    url_prefix: '/api',
    attributes: {
      id: 'integer',
      a_string: 'string',
      a_unicode: 'unicode',
      a_text: 'text',
      an_integer: 'integer',
      a_float: 'float',
      a_numeric: 'numeric',
      a_boolean: 'boolean',
      a_date: 'date',
      a_datetime: 'datetime',
      a_time: 'time',
      an_interval: 'interval',
      a_json: 'json',
      a_binary: 'largebinary',
      an_enum: 'enum',
      double_integer: 'hybrid',
    },
    relations: {},
    properties: {},
    methods: {
      get_row: {
        args: [],
        kwargs: [],
        argsvar: null,
        kwargsvar: null,
      },
    },
  },
} as const satisfies RawDatamodel;

/** The recorded response body (4372 bytes, no trailing newline), one model per line. */
export const recordedDatamodelBody = [
  '{"FlaskRestlessDatamodel": {"server_version": "0.3.0", "serialize_naively": false}',
  ', "Person": {"pk_name": "id", "collection_name": "person", "url_prefix": "/api", "attributes": {"id": "integer", "name": "unicode", "birth_date": "date"}, "relations": {"computers": {"foreign_model": "Computer", "relation_type": "ONETOMANY", "backref": "owner"}}, "properties": {"name_upper": false, "nickname": true}, "methods": {"all_computers": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}, "birth_noon_utc": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}, "birthday_in": {"args": ["year"], "kwargs": [], "argsvar": null, "kwargsvar": null}, "count_computers": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}, "describe": {"args": [], "kwargs": ["prefix", "suffix"], "argsvar": null, "kwargsvar": null}, "echo": {"args": ["first"], "kwargs": ["second"], "argsvar": "args", "kwargsvar": "kwargs"}, "explode": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}, "first_computer": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}, "greet": {"args": ["greeting", "other_name"], "kwargs": [], "argsvar": null, "kwargsvar": null}, "last_purchase": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}, "nothing": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}, "owns": {"args": ["computer"], "kwargs": [], "argsvar": null, "kwargsvar": null}, "rename": {"args": ["new_name"], "kwargs": [], "argsvar": null, "kwargsvar": null}, "speak": {"args": ["what_to_say"], "kwargs": [], "argsvar": null, "kwargsvar": null}, "summary": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}, "vendors": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}}}',
  ', "Employee": {"pk_name": "id", "collection_name": "employee", "url_prefix": "/api", "attributes": {"id": "integer", "name": "unicode", "type": "string"}, "relations": {}, "properties": {}, "methods": {"myself": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}, "work": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}}, "polymorphic": {"on": "type", "identities": {"manager": "Manager"}}}',
  ', "Computer": {"pk_name": "id", "collection_name": "compjutahs", "url_prefix": "/api", "attributes": {"id": "integer", "name": "unicode", "vendor": "unicode", "purchase_time": "datetime", "owner_id": "integer", "owner_name": "unicode"}, "relations": {"owner": {"foreign_model": "Person", "relation_type": "MANYTOONE", "backref": "computers", "local_column": "owner_id"}, "peers": {"foreign_model": "Computer", "relation_type": "MANYTOONE", "is_proxy": true}}, "properties": {}, "methods": {"label": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}}}',
  ', "Manager": {"pk_name": "id", "collection_name": "manager", "url_prefix": "/api", "attributes": {"id": "integer", "name": "unicode", "type": "string", "reports": "integer"}, "relations": {}, "properties": {}, "methods": {"manage": {"args": ["whom"], "kwargs": [], "argsvar": null, "kwargsvar": null}, "myself": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}, "work": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}}, "polymorphic": {"parent": "Employee", "identity": "manager"}}',
  ', "Tag": {"pk_name": "id", "collection_name": "tag", "url_prefix": "/api", "attributes": {"id": "integer", "name": "unicode"}, "relations": {"articles": {"foreign_model": "Article", "relation_type": "MANYTOMANY", "backref": "tags"}}, "properties": {}, "methods": {}}',
  ', "Article": {"pk_name": "id", "collection_name": "article", "url_prefix": "/api", "attributes": {"id": "integer", "title": "unicode", "tag_names": "unicode"}, "relations": {"tags": {"foreign_model": "Tag", "relation_type": "MANYTOMANY", "backref": "articles"}}, "properties": {}, "methods": {}}',
  ', "TypeZoo": {"pk_name": "id", "collection_name": "type_zoo", "url_prefix": "/api", "attributes": {"id": "integer", "a_string": "string", "a_unicode": "unicode", "a_text": "text", "an_integer": "integer", "a_float": "float", "a_numeric": "numeric", "a_boolean": "boolean", "a_date": "date", "a_datetime": "datetime", "a_time": "time", "an_interval": "interval", "a_json": "json", "a_binary": "largebinary", "an_enum": "enum", "double_integer": "hybrid"}, "relations": {}, "properties": {}, "methods": {"get_row": {"args": [], "kwargs": [], "argsvar": null, "kwargsvar": null}}}}',
].join('');
