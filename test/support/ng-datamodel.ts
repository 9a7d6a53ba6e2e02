/**
 * The models of the recorded Flask-Restless-NG server (docs/protocol/jsonapi/: person, computer,
 * employee/manager, all_types) as a datamodel document, for the jsonapi dialect's unit tests.
 */
export const ngDatamodel = {
  FlaskRestlessDatamodel: { server_version: 'test' },
  Person: {
    pk_name: 'id', collection_name: 'person', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode', birth_date: 'date' },
    relations: { computers: { foreign_model: 'Computer', relation_type: 'ONETOMANY', backref: 'owner' } },
    // As the classic datamodel publishes them: NG has no route to call them.
    properties: { name_upper: false },
    methods: { greet: { args: ['greeting'], kwargs: [], argsvar: null, kwargsvar: null } },
  },
  Computer: {
    pk_name: 'id', collection_name: 'computer', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode', vendor: 'unicode', purchase_time: 'datetime', owner_id: 'integer', owner_name: 'unicode' },
    relations: { owner: { foreign_model: 'Person', relation_type: 'MANYTOONE', backref: 'computers', local_column: 'owner_id' } },
  },
  Employee: {
    pk_name: 'id', collection_name: 'employee', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode', type: 'string' },
    polymorphic: { on: 'type', identities: { manager: 'Manager' } },
  },
  Manager: {
    pk_name: 'id', collection_name: 'manager', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode', type: 'string', level: 'integer' },
    polymorphic: { parent: 'Employee', identity: 'manager' },
  },
  Article: {
    pk_name: 'id', collection_name: 'article', url_prefix: '/api',
    attributes: { id: 'integer', title: 'unicode' },
    relations: { tags: { foreign_model: 'Tag', relation_type: 'MANYTOMANY', backref: 'articles' } },
  },
  Tag: {
    pk_name: 'id', collection_name: 'tag', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode' },
    relations: { articles: { foreign_model: 'Article', relation_type: 'MANYTOMANY', backref: 'tags' } },
  },
  AllTypes: {
    pk_name: 'id', collection_name: 'all_types', url_prefix: '/api',
    attributes: {
      id: 'integer', binary_col: 'largebinary', bool_col: 'boolean', date_col: 'date', datetime_col: 'datetime', enum_col: 'enum',
      float_col: 'float', int_col: 'integer', interval_col: 'interval', json_col: 'json', numeric_col: 'numeric', text_col: 'text', time_col: 'time',
    },
  },
} as const;
