import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { extendedDatamodel } from '../../test/support/extended-datamodel.js';
import { harness, type DynamicEntity } from '../../test/support/save-harness.js';
import { classicDialect } from '../dialect/classic/index.js';
import { parseDatamodel } from '../schema/parse-datamodel.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import { collect, createId } from './collect.js';
import { nest, type NestContext } from './nest.js';

const writes = classicDialect('http://x', parseDatamodel(recordedDatamodel)).writes;
const never = () => false;

/** The operations a save of `entities` sends after nesting, as `kind name [nested names]`. */
function steps(entities: readonly DynamicEntity[], context: Partial<NestContext> = {}): string[] {
  const states = entities.map((entity) => stateOf(entity) as EntityState);
  const pending = nest(collect(states, { datamodel: parseDatamodel(recordedDatamodel) }), { writes, inDoubt: never, ...context });
  return pending.map(({ operation, dependsOn }) => {
    const name = String(operation.state.read('name') ?? operation.state.read('title'));
    const nested = operation.kind === 'create' && operation.nested !== undefined ? ` [${operation.nested.map((each) => `${each.relation}=${String(each.state.read('name'))}`).join(', ')}]` : '';
    return `${operation.kind} ${name}${nested}${dependsOn.length > 0 ? ` after ${dependsOn.length}` : ''}`;
  });
}

describe('nest: which new to-one targets ride in their owner\'s POST', () => {
  it('a new owner that only one new computer needs: one create, carrying it, waiting for nothing', async () => {
    const { model } = await harness();
    const maurice = model('Person').create({ name: 'Maurice' });
    const beast = model('Computer').create({ name: 'TheBeast', owner: maurice });
    expect(steps([maurice, beast])).toEqual(['create TheBeast [owner=Maurice]']);
  });

  it('an owner two computers need is created on its own (two nested copies would be two rows)', async () => {
    const { model } = await harness();
    const jen = model('Person').create({ name: 'Jen' });
    const one = model('Computer').create({ name: 'one', owner: jen });
    const two = model('Computer').create({ name: 'two', owner: jen });
    expect(steps([jen, one, two])).toEqual(['create Jen', 'create one after 1', 'create two after 1']);
  });

  it('an owner with a primary key of its own is never nested (#5, #44)', async () => {
    const { model } = await harness();
    const keyed = model('Person').create({ id: 70, name: 'Seventy' });
    const pc = model('Computer').create({ name: 'pc', owner: keyed });
    expect(steps([keyed, pc])).toEqual(['create Seventy', 'create pc after 1']);
  });

  it('an owner with a settable @property to write after its create is not nested (the property waits for its row)', async () => {
    const { model } = await harness();
    const maurice = model('Person').create({ name: 'Maurice' });
    maurice['nickname'] = 'Mo';
    const pc = model('Computer').create({ name: 'pc', owner: maurice });
    expect(steps([maurice, pc])).toEqual(['create Maurice', 'property Maurice after 1', 'create pc after 1']);
  });

  it('a create in doubt neither rides in another POST nor carries one', async () => {
    const { model } = await harness();
    const maurice = model('Person').create({ name: 'Maurice' });
    const pc = model('Computer').create({ name: 'pc', owner: maurice });
    expect(steps([maurice, pc], { inDoubt: (state) => state.entity === maurice })).toEqual(['create Maurice', 'create pc after 1']);
    expect(steps([maurice, pc], { inDoubt: (state) => state.entity === pc })).toEqual(['create Maurice', 'create pc after 1']);
  });

  it('a dialect that cannot nest (no nestsCreate) keeps every create on its own', async () => {
    const { model } = await harness();
    const maurice = model('Person').create({ name: 'Maurice' });
    const pc = model('Computer').create({ name: 'pc', owner: maurice });
    expect(steps([maurice, pc], { writes: { sendsKeyColumn: writes.sendsKeyColumn } })).toEqual(['create Maurice', 'create pc after 1']);
  });

  it('an update that points a saved computer at a new owner does not carry it (only a POST nests)', async () => {
    const { model } = await harness();
    const maurice = model('Person').create({ name: 'Maurice' });
    const laptop = await firstValueFrom(model('Computer').get(1));
    laptop['owner'] = maurice;
    expect(steps([maurice, laptop])).toEqual(['create Maurice', 'update alice-laptop after 1']);
  });

  it('one level only: in a chain of new rows, only the last is nested, into the one that needs it', async () => {
    const { model } = await harness({ datamodel: extendedDatamodel });
    const owner = model('Person').create({ name: 'owner' });
    const computer = model('Computer').create({ name: 'computer', owner });
    const fan = model('Person').create({ name: 'fan', favourite: computer });
    const states = [owner, computer, fan].map((entity) => stateOf(entity) as EntityState);
    const extended = classicDialect('http://x', parseDatamodel(extendedDatamodel)).writes;
    const pending = nest(collect(states, { datamodel: parseDatamodel(extendedDatamodel) }), { writes: extended, inDoubt: never });
    expect(pending.map(({ operation }) => [operation.id, operation.kind === 'create' ? (operation.nested ?? []).map((each) => each.state.entity) : []])).toEqual([
      [createId(states[1]!), [owner]],
      [createId(states[2]!), []],
    ]);
    expect(pending[1]?.dependsOn).toEqual([{ on: createId(states[1]!), relation: 'favourite' }]);
  });
});
