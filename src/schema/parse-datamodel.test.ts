import { describe, expect, it } from 'vitest';
import { DatamodelError } from '../errors.js';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { parseDatamodel } from './parse-datamodel.js';

const clone = (): Record<string, any> => JSON.parse(JSON.stringify(recordedDatamodel)) as Record<string, any>;

function failure(raw: unknown): DatamodelError {
  try {
    parseDatamodel(raw);
  } catch (error) {
    if (error instanceof DatamodelError) return error;
    throw error;
  }
  throw new Error('expected a DatamodelError');
}

describe('parseDatamodel', () => {
  it('resolves each relation once: its target model, its inverse, who carries it, which side sends its links', () => {
    const datamodel = parseDatamodel(recordedDatamodel);
    const person = datamodel.models.get('Person')!;
    const computer = datamodel.models.get('Computer')!;
    const owner = computer.relations.get('owner')!;
    const computers = person.relations.get('computers')!;
    expect(owner.targetModel).toBe(person);
    expect(owner.inverse).toBe(computers);
    expect(computers.inverse).toBe(owner);
    // Each computer's owner_id says who owns it: Person never sends its list.
    expect(computers.carriedByChildren).toBe(true);
    expect(owner.carriedByChildren).toBe(false);
    expect(computer.relations.get('peers')!.inverse).toBeUndefined();
    // Of a many-to-many, exactly one side sends the links: Article.tags (sorts before Tag.articles).
    const tags = datamodel.models.get('Article')!.relations.get('tags')!;
    const articles = datamodel.models.get('Tag')!.relations.get('articles')!;
    expect([tags.sendsLinks, articles.sendsLinks]).toEqual([true, false]);
    expect(Object.isFrozen(tags)).toBe(true);
  });

  it('builds every model of the recorded datamodel with its family and relations', () => {
    const datamodel = parseDatamodel(recordedDatamodel);
    expect([...datamodel.models.keys()]).toEqual(['Person', 'Employee', 'Computer', 'Manager', 'Tag', 'Article', 'TypeZoo']);
    expect(datamodel.serverVersion).toBe('0.3.0');
    const manager = datamodel.models.get('Manager')!;
    expect(manager.root).toBe('Employee');
    expect(manager.discriminator).toBe('type');
    expect(manager.identity).toBe('manager');
    expect(datamodel.models.get('Computer')!.relations.get('owner')).toMatchObject({ target: 'Person', many: false, localColumn: 'owner_id', backref: 'computers' });
    expect(datamodel.models.get('Computer')!.relations.get('peers')?.proxy).toBe(true);
    expect(datamodel.models.get('TypeZoo')!.attributes.get('double_integer')).toMatchObject({ type: 'hybrid', readOnly: true });
  });

  it.each([
    ['a missing pk_name', (d: Record<string, any>) => delete d['Person'].pk_name, 'Person', 'pk_name'],
    ['a pk_name that is not an attribute', (d: Record<string, any>) => (d['Person'].pk_name = 'uuid'), 'Person', 'uuid'],
    ['a relation to an unknown model', (d: Record<string, any>) => (d['Computer'].relations.owner.foreign_model = 'Human'), 'Computer', 'owner'],
    ['an unknown relation type', (d: Record<string, any>) => (d['Computer'].relations.owner.relation_type = 'SIDEWAYS'), 'Computer', 'owner'],
    ['__proto__ as a field name', (d: Record<string, any>) => Object.defineProperty(d['Person'].attributes, '__proto__', { value: 'integer', enumerable: true }), 'Person', '__proto__'],
    ['constructor as a relation name', (d: Record<string, any>) => (d['Tag'].relations.constructor = { foreign_model: 'Article', relation_type: 'MANYTOMANY' }), 'Tag', 'constructor'],
    ['a field named like an entity method', (d: Record<string, any>) => (d['Tag'].attributes.save = 'unicode'), 'Tag', 'save'],
    ['attributes that are not an object', (d: Record<string, any>) => (d['Tag'].attributes = ['id']), 'Tag', 'attributes'],
    ['a polymorphic parent that does not exist', (d: Record<string, any>) => (d['Manager'].polymorphic.parent = 'Boss'), 'Manager', 'polymorphic'],
    ['method args that are not names', (d: Record<string, any>) => (d['Person'].methods.speak.args = [1]), 'Person', 'speak'],
  ])('names the model and field of %s', (_label, mutate, model, field) => {
    const raw = clone();
    mutate(raw);
    const error = failure(raw);
    expect(error.model).toBe(model);
    expect(error.field).toBe(field);
    expect(error.message).toContain(model);
  });

  it('refuses __proto__ as a model name', () => {
    const raw = JSON.parse('{"__proto__": {"pk_name": "id", "collection_name": "x", "attributes": {"id": "integer"}}}') as unknown;
    expect(failure(raw).message).toContain('__proto__');
    expect(({} as Record<string, unknown>)['pk_name']).toBeUndefined();
  });

  it('refuses a document that is not an object', () => {
    expect(failure('<html>').message).toMatch(/JSON object/);
    expect(failure([1, 2]).message).toMatch(/JSON object/);
    expect(failure({ Person: 'nope' }).model).toBe('Person');
  });
});
