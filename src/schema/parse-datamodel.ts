import { DatamodelError } from '../errors.js';
import type {
  AttributeDef,
  ColumnType,
  Datamodel,
  MethodDef,
  ModelDef,
  RawDatamodel,
  RelationDef,
  RelationType,
} from './datamodel.js';

const META_KEY = 'FlaskRestlessDatamodel';
const RELATION_TYPES: ReadonlySet<string> = new Set(['MANYTOONE', 'ONETOMANY', 'ONETOONE', 'MANYTOMANY']);
const COLUMN_TYPES: ReadonlySet<string> = new Set<ColumnType>([
  'integer', 'biginteger', 'smallinteger', 'float', 'numeric', 'string', 'unicode', 'text', 'unicodetext',
  'boolean', 'date', 'datetime', 'time', 'interval', 'json', 'largebinary', 'enum', 'hybrid',
]);
/**
 * Names that would reach Object.prototype machinery if they became properties or map keys of a
 * plain object. A server is untrusted input: such a name is refused, never assigned.
 */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Names an entity uses for its own API; a column with one of them would be shadowed. */
const RESERVED_ENTITY_NAMES: ReadonlySet<string> = new Set([
  '$', 'isNew', 'isDirty', 'dirtyFields', 'save', 'delete', 'refresh', 'load', 'call', 'property$', 'toJSON', 'lid', 'saveError',
]);

/**
 * Validates a datamodel document and builds frozen model definitions from it.
 * Anything malformed is a `DatamodelError` naming the model and the field.
 */
export function parseDatamodel(raw: unknown): Datamodel {
  if (!isRecord(raw)) throw new DatamodelError(`The datamodel must be a JSON object, got ${describe(raw)}`);
  const names = Object.keys(raw).filter((name) => name !== META_KEY);
  const models = new Map<string, ModelDef>();
  const drafts = new Map<string, Draft>();
  for (const name of names) drafts.set(name, parseModel(name, raw[name]));
  for (const draft of drafts.values()) checkRelations(draft, drafts);
  const families = resolveFamilies(drafts);
  for (const draft of drafts.values()) {
    const family = families.get(draft.name);
    if (!family) continue;
    // The relations map is filled below, once every model exists: relations point at models.
    models.set(draft.name, Object.freeze({ ...draft.def, relations: new Map<string, RelationDef>(), ...family }));
  }
  resolveRelations(drafts, models);
  const meta = raw[META_KEY];
  const serverVersion = isRecord(meta) && typeof meta['server_version'] === 'string' ? meta['server_version'] : undefined;
  return Object.freeze({ models, serverVersion, raw: raw as RawDatamodel });
}

/** A relation as the datamodel states it, before its facts are resolved against the other models. */
type RelationDraft = Omit<RelationDef, 'targetModel' | 'inverse' | 'carriedByChildren' | 'sendsLinks'>;

interface Draft {
  name: string;
  def: Omit<ModelDef, 'root' | 'discriminator' | 'identity' | 'identities' | 'parent' | 'relations'> & { readonly relations: ReadonlyMap<string, RelationDraft> };
  polymorphic: { on: string; identities: Map<string, string> } | { parent: string; identity: string } | undefined;
}

function parseModel(name: string, value: unknown): Draft {
  checkName(name, 'model name');
  const where = { model: name };
  if (!isRecord(value)) throw new DatamodelError(`Model ${name}: expected an object, got ${describe(value)}`, where);
  const pk = requireString(value, 'pk_name', name);
  const collection = requireString(value, 'collection_name', name);
  const urlPrefix = value['url_prefix'] === undefined ? '/api' : requireString(value, 'url_prefix', name);
  const rawAttributes = requireRecord(value, 'attributes', name, true);
  const attributes = new Map<string, AttributeDef>();
  for (const [field, type] of Object.entries(rawAttributes)) {
    checkField(name, field);
    if (typeof type !== 'string') throw new DatamodelError(`Model ${name}, attribute ${field}: the type must be a string, got ${describe(type)}`, { ...where, field });
    // An unknown SQLAlchemy type (a custom TypeDecorator) is kept as an opaque JSON value.
    const columnType = (COLUMN_TYPES.has(type) ? type : 'json') as ColumnType;
    attributes.set(field, { name: field, type: columnType, readOnly: columnType === 'hybrid', proxy: false });
  }
  if (!attributes.has(pk)) throw new DatamodelError(`Model ${name}: pk_name "${pk}" is not one of its attributes`, { ...where, field: pk });

  const relations = new Map<string, RelationDraft>();
  for (const [field, rel] of Object.entries(requireRecord(value, 'relations', name, false))) {
    checkField(name, field);
    if (attributes.has(field)) throw new DatamodelError(`Model ${name}: ${field} is both an attribute and a relation`, { ...where, field });
    if (!isRecord(rel)) throw new DatamodelError(`Model ${name}, relation ${field}: expected an object, got ${describe(rel)}`, { ...where, field });
    const target = rel['foreign_model'];
    const type = rel['relation_type'];
    if (typeof target !== 'string') throw new DatamodelError(`Model ${name}, relation ${field}: foreign_model is missing`, { ...where, field });
    if (typeof type !== 'string' || !RELATION_TYPES.has(type)) {
      throw new DatamodelError(`Model ${name}, relation ${field}: relation_type ${describe(type)} is not one of MANYTOONE, ONETOMANY, ONETOONE, MANYTOMANY`, { ...where, field });
    }
    const proxy = rel['is_proxy'] === true;
    const backref = optionalString(rel['backref']);
    const localColumn = optionalString(rel['local_column']);
    relations.set(field, {
      name: field,
      target,
      type: type as RelationType,
      many: type === 'ONETOMANY' || type === 'MANYTOMANY',
      backref,
      localColumn,
      proxy,
    });
  }

  const properties = new Map<string, boolean>();
  for (const [field, settable] of Object.entries(requireRecord(value, 'properties', name, false))) {
    checkField(name, field);
    properties.set(field, settable === true);
  }

  const methods = new Map<string, MethodDef>();
  for (const [method, spec] of Object.entries(requireRecord(value, 'methods', name, false))) {
    checkName(method, `method of ${name}`, name);
    if (!isRecord(spec)) throw new DatamodelError(`Model ${name}, method ${method}: expected an object, got ${describe(spec)}`, { ...where, field: method });
    methods.set(method, Object.freeze({
      name: method,
      args: stringList(spec['args'], name, method, 'args'),
      kwargs: stringList(spec['kwargs'], name, method, 'kwargs'),
      argsvar: optionalString(spec['argsvar']) ?? null,
      kwargsvar: optionalString(spec['kwargsvar']) ?? null,
    }));
  }

  return {
    name,
    def: { name, pk, collection, urlPrefix, attributes, relations, properties, methods },
    polymorphic: parsePolymorphic(name, value['polymorphic']),
  };
}

function parsePolymorphic(name: string, value: unknown): Draft['polymorphic'] {
  if (value === undefined || value === null) return undefined;
  const where = { model: name, field: 'polymorphic' };
  if (!isRecord(value)) throw new DatamodelError(`Model ${name}: polymorphic must be an object`, where);
  if (typeof value['parent'] === 'string') {
    if (typeof value['identity'] !== 'string') throw new DatamodelError(`Model ${name}: polymorphic.identity is missing`, where);
    return { parent: value['parent'], identity: value['identity'] };
  }
  if (typeof value['on'] === 'string' && isRecord(value['identities'])) {
    const identities = new Map<string, string>();
    for (const [identity, model] of Object.entries(value['identities'])) {
      if (typeof model !== 'string') throw new DatamodelError(`Model ${name}: polymorphic identity ${identity} must name a model`, where);
      identities.set(identity, model);
    }
    return { on: value['on'], identities };
  }
  throw new DatamodelError(`Model ${name}: polymorphic needs either "on" and "identities" or "parent" and "identity"`, where);
}

function checkRelations(draft: Draft, drafts: ReadonlyMap<string, Draft>): void {
  for (const rel of draft.def.relations.values()) {
    if (!drafts.has(rel.target)) {
      throw new DatamodelError(`Model ${draft.name}, relation ${rel.name}: foreign_model "${rel.target}" is not a model of this datamodel`, { model: draft.name, field: rel.name });
    }
  }
  const poly = draft.polymorphic;
  if (poly && 'parent' in poly && !drafts.has(poly.parent)) {
    throw new DatamodelError(`Model ${draft.name}: polymorphic parent "${poly.parent}" is not a model of this datamodel`, { model: draft.name, field: 'polymorphic' });
  }
  if (poly && 'on' in poly) {
    if (!draft.def.attributes.has(poly.on)) {
      throw new DatamodelError(`Model ${draft.name}: polymorphic discriminator "${poly.on}" is not an attribute`, { model: draft.name, field: poly.on });
    }
    for (const [identity, model] of poly.identities) {
      if (!drafts.has(model)) throw new DatamodelError(`Model ${draft.name}: polymorphic identity "${identity}" names unknown model "${model}"`, { model: draft.name, field: 'polymorphic' });
    }
  }
}

/**
 * Resolves what every reader of a relation needs and would otherwise look up again and again: its
 * target model, its inverse, whether the children's keys carry it, which side sends its links.
 */
function resolveRelations(drafts: ReadonlyMap<string, Draft>, models: ReadonlyMap<string, ModelDef>): void {
  const made: { def: { -readonly [K in keyof RelationDef]: RelationDef[K] }; backref: string | undefined }[] = [];
  for (const draft of drafts.values()) {
    const model = models.get(draft.name);
    if (!model) continue;
    const relations = model.relations as Map<string, RelationDef>;
    for (const rel of draft.def.relations.values()) {
      // checkRelations made sure the target exists.
      const targetModel = models.get(rel.target) as ModelDef;
      const inverseDraft = rel.backref === undefined ? undefined : drafts.get(rel.target)?.def.relations.get(rel.backref);
      const here = `${model.root}.${rel.name}`;
      const there = inverseDraft === undefined ? undefined : `${targetModel.root}.${inverseDraft.name}`;
      const def = {
        ...rel,
        targetModel,
        inverse: undefined,
        carriedByChildren: rel.many && inverseDraft !== undefined && !inverseDraft.many && inverseDraft.localColumn !== undefined,
        sendsLinks: there === undefined || here <= there,
      };
      relations.set(rel.name, def);
      made.push({ def, backref: rel.backref });
    }
  }
  for (const { def, backref } of made) {
    def.inverse = backref === undefined ? undefined : def.targetModel.relations.get(backref);
    Object.freeze(def);
  }
}

type Family = Pick<ModelDef, 'root' | 'discriminator' | 'identity' | 'identities' | 'parent'>;

function resolveFamilies(drafts: ReadonlyMap<string, Draft>): Map<string, Family> {
  const result = new Map<string, Family>();
  for (const draft of drafts.values()) {
    let root = draft;
    const seen = new Set<string>([draft.name]);
    while (root.polymorphic && 'parent' in root.polymorphic) {
      const parent = drafts.get(root.polymorphic.parent);
      if (!parent || seen.has(parent.name)) throw new DatamodelError(`Model ${draft.name}: polymorphic parents form a cycle`, { model: draft.name, field: 'polymorphic' });
      seen.add(parent.name);
      root = parent;
    }
    const rootPoly = root.polymorphic && 'on' in root.polymorphic ? root.polymorphic : undefined;
    const identities = new Map<string, string>(rootPoly?.identities ?? []);
    // The datamodel lists only the subclasses' identities; the root's own is the one no subclass
    // claims, and it is learned from the rows (see store/polymorphism).
    const own = draft.polymorphic && 'parent' in draft.polymorphic ? draft.polymorphic.identity : undefined;
    result.set(draft.name, {
      root: root.name,
      discriminator: rootPoly?.on,
      identity: own,
      identities,
      parent: draft.polymorphic && 'parent' in draft.polymorphic ? draft.polymorphic.parent : undefined,
    });
  }
  return result;
}

function checkName(name: string, what: string, model?: string): void {
  if (FORBIDDEN_NAMES.has(name) || name.length === 0) {
    throw new DatamodelError(`The datamodel uses "${name}" as a ${what}; that name is refused because it would reach Object.prototype`, model === undefined ? { model: name } : { model, field: name });
  }
}

function checkField(model: string, field: string): void {
  checkName(field, `field of ${model}`, model);
  if (RESERVED_ENTITY_NAMES.has(field)) {
    throw new DatamodelError(`Model ${model}: the field "${field}" collides with an entity method of this client`, { model, field });
  }
}

function requireString(value: Record<string, unknown>, key: string, model: string): string {
  const found = value[key];
  if (typeof found !== 'string' || found.length === 0) {
    throw new DatamodelError(`Model ${model}: ${key} is missing or not a string (got ${describe(found)})`, { model, field: key });
  }
  return found;
}

function requireRecord(value: Record<string, unknown>, key: string, model: string, required: boolean): Record<string, unknown> {
  const found = value[key];
  if (found === undefined && !required) return {};
  if (!isRecord(found)) throw new DatamodelError(`Model ${model}: ${key} must be an object (got ${describe(found)})`, { model, field: key });
  return found;
}

function stringList(value: unknown, model: string, method: string, key: string): readonly string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new DatamodelError(`Model ${model}, method ${method}: ${key} must be a list of names`, { model, field: method });
  }
  return Object.freeze([...value]);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
