/** Resource objects into rows: types, keys and linkage, as the recorded server sends them (docs/protocol/jsonapi/). */
import { describe, expect, it } from 'vitest';
import { ngDatamodel } from '../../../test/support/ng-datamodel.js';
import { recordedBody } from '../../../test/support/recorded-jsonapi.js';
import { HttpError, NetworkError, ProtocolError } from '../../errors.js';
import { parseDatamodel } from '../../schema/parse-datamodel.js';
import { jsonapiHttp } from './media.js';
import { jsonapiOutcomes } from './outcomes.js';
import { jsonapiReads } from './reads.js';
import { keyOfId, ResourceTypes } from './resources.js';
import { jsonapiRows } from './rows.js';

const datamodel = parseDatamodel(ngDatamodel);
const types = new ResourceTypes(datamodel);
const rows = jsonapiRows(datamodel, types);
const reads = jsonapiReads(datamodel);
const model = (name: string) => datamodel.models.get(name)!;

describe('jsonapi rows', () => {
  it('reads string ids as the key column type (read#3: "id": "1")', () => {
    expect(keyOfId(model('Person'), '1')).toBe(1);
    expect(keyOfId(model('Person'), '1e3')).toBeUndefined();
    expect(keyOfId(model('Person'), '99999999999999999999')).toBeUndefined();
    const row = rows.read(model('Person'), reads.parseInstance(recordedBody('read', 3)));
    expect(row).toMatchObject({ pk: 1, columns: { id: 1, name: 'Alice', birth_date: '1990-01-02' } });
    expect(rows.keyOf(model('Person'), reads.parseInstance(recordedBody('read', 3)))).toBe(1);
  });

  it('picks the model by type: a manager in the employee collection is a Manager (polymorphism#1)', () => {
    const page = reads.parsePage(recordedBody('polymorphism', 1), 'http://h/api/employee?page%5Bnumber%5D=1&page%5Bsize%5D=10', 1);
    expect(page.rows.map((raw) => rows.read(model('Employee'), raw).model.name)).toEqual(['Employee', 'Manager', 'Employee']);
  });

  it('a type the datamodel does not know, or of another family, is a ProtocolError', () => {
    expect(() => rows.read(model('Person'), { type: 'people', id: '1' })).toThrow(ProtocolError);
    expect(() => rows.read(model('Manager'), { type: 'person', id: '1' })).toThrow(ProtocolError);
    expect(() => rows.read(model('Person'), { type: 'person', id: 'x' })).toThrow(ProtocolError);
    expect(() => rows.read(model('Person'), 'person')).toThrow(ProtocolError);
  });

  it('fills the key column from the to-one linkage and leaves relationship names off the prototype alone (read#4)', () => {
    const computer = rows.read(model('Computer'), reads.parseInstance(recordedBody('read', 4)));
    expect(computer.columns['owner_id']).toBeNull();
    expect(computer.relations['owner']).toBeNull();
    const hostile = rows.read(model('Person'), { type: 'person', id: '1', attributes: JSON.parse('{"name": "x", "__proto__": {"polluted": true}}') as unknown, relationships: JSON.parse('{"__proto__": {"data": []}, "constructor": {"data": null}}') as unknown });
    expect(Object.keys(hostile.relations)).toEqual([]);
    expect(Object.getPrototypeOf(hostile.columns)).toBe(Object.prototype);
    expect((hostile.columns as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['data']).toBeUndefined();
  });

  it('linkage to a resource not included is a row known by key only (read#1)', () => {
    const page = reads.parsePage(recordedBody('read', 1), 'http://h/api/person?page%5Bnumber%5D=1&page%5Bsize%5D=10', 1);
    const alice = rows.read(model('Person'), page.rows[0]);
    const computers = alice.relations['computers'] as unknown[];
    expect(computers.map((raw) => rows.read(model('Computer'), raw))).toMatchObject([{ pk: 1, columns: { id: 1 } }, { pk: 2, columns: { id: 2 } }]);
  });
});

describe('jsonapi media type and outcomes', () => {
  it('sends exactly application/vnd.api+json (errors#35 to #43)', () => {
    expect(jsonapiHttp.headers).toEqual({ Accept: 'application/vnd.api+json' });
    expect(jsonapiHttp.contentType).toBe('application/vnd.api+json');
  });

  it('a refusal applied nothing; a 5xx or a lost answer leaves a create in doubt', () => {
    const refused = new HttpError(409, recordedBody('errors', 59), { method: 'POST', url: 'http://h/api/person' });
    expect(jsonapiOutcomes.inDoubt(refused)).toBe(false);
    const crashed = new HttpError(500, '<html></html>', { method: 'POST', url: 'http://h/api/person' });
    expect(jsonapiOutcomes.inDoubt(crashed)).toBe(true);
    expect(jsonapiOutcomes.inDoubtBecause(crashed)).toMatch(/HTML error page/);
    expect(jsonapiOutcomes.certainlyNotApplied(new HttpError(503, null))).toBe(true);
    expect(jsonapiOutcomes.inDoubt(new NetworkError('reset', { cause: { code: 'ECONNRESET' } }))).toBe(true);
    expect(jsonapiOutcomes.certainlyNotApplied(new NetworkError('refused', { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
  });
});
