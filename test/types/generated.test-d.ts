/**
 * Type tests over the generated models of the test server (test/generated/models.ts), compiled by
 * `tsc` in `npm test` under strict + noUncheckedIndexedAccess. Each `@ts-expect-error` line must
 * fail to compile with the diagnostic code its comment names (checked by expected-errors.test.ts);
 * the rest must compile.
 */
import type { Observable } from 'rxjs';
import { connect } from '../../src/index.js';
import { datamodel, type Computer, type Person, type Schema } from '../generated/models.js';

export async function typed(url: string): Promise<void> {
  const client = await connect<Schema>({ url, datamodel });
  // Never "possibly undefined": the models of a Schema are known.
  const { Person, Computer } = client.models;
  const people: Observable<Person[]> = Person.all();
  const maurice: Person = Person.create({ name: 'Maurice', birth_date: new Date('1986-01-01') });
  const name: string | null = maurice.name;
  const born: Date | null = maurice.birth_date;
  const computers: Computer[] | undefined = maurice.computers;
  const beast: Computer = Computer.create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
  const owner: Person | null | undefined = beast.owner;

  // Methods: parameter names from the datamodel, defaulted ones optional, results unknown.
  const said: Observable<unknown> = maurice.speak('hi');
  maurice.call('speak', ['hi']);
  maurice.call('speak', [], { what_to_say: 'hi' });
  maurice.load('computers');
  maurice.property$('name_upper');
  maurice.nickname = 'Mo';

  // Filters: a date column takes a Date or an ISO date string, as the run time does.
  Person.query.filter((p) => p.birth_date.eq('1986-01-01'));
  Person.query.filter((p) => p.birth_date.gt(new Date('1986-01-01')));
  Person.query.filter((p) => p.computers.any((c) => c.vendor.eq('Pear')));
  Person.query.filter((p) => p.computers.vendor.eq('Pear'));
  Computer.query.filter((c) => c.owner.eq(maurice));
  Person.query.filterBy({ name: 'Maurice' });
  Computer.query.filterBy({ owner: maurice });
  Person.query.orderBy({ name: 'asc' });
  Computer.query.orderBy({ 'owner.name': 'desc' });
  void [people, name, born, computers, owner, said];

  // @ts-expect-error TS2339: no model Robot
  void client.models.Robot;
  // @ts-expect-error TS2339: Person has no column shoe_size
  Person.query.filter((p) => p.shoe_size.eq(1));
  // @ts-expect-error TS2345: name is a string column, not a number
  Person.query.filter((p) => p.name.eq(42));
  // @ts-expect-error TS2353: filterBy names a column that does not exist
  Person.query.filterBy({ nmae: 'Maurice' });
  // @ts-expect-error TS2322: filterBy's value must have the column's type
  Person.query.filterBy({ name: 3 });
  // @ts-expect-error TS2353: orderBy names a column that does not exist
  Person.query.orderBy({ nmae: 'asc' });
  // @ts-expect-error TS2345: no relation computrs
  maurice.load('computrs');
  // @ts-expect-error TS2345: no method spek
  maurice.call('spek');
  // @ts-expect-error TS2551: no method spek
  maurice.spek('hi');
  // @ts-expect-error TS2345: no property agee
  maurice.property$('agee');
  // @ts-expect-error TS2554: speak takes at most its declared parameters
  maurice.speak('hi', 'there');
  // @ts-expect-error TS2322: call's positional arguments are at most the method's parameters
  maurice.call('speak', ['hi', 'there']);
  // @ts-expect-error TS2353: Person has no vendor
  Person.create({ vendor: 'Pear' });
  // @ts-expect-error TS2322: name is a string column
  maurice.name = 3;
  // @ts-expect-error TS2540: name_upper is a read-only @property
  maurice.name_upper = 'MO';
  // @ts-expect-error TS2322: a Computer is not a Person
  Computer.create({ owner: beast });
}

export async function untyped(url: string): Promise<void> {
  // Without a Schema every model and field exists, typed unknown (index access may be undefined).
  const client = await connect({ url });
  const Person = client.models['Person'];
  if (Person === undefined) return;
  const person = Person.create({ name: 'Roy' });
  const value: unknown = person['name'];
  person.call('anything', [1]);
  void value;
}
