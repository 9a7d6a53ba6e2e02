/**
 * Type tests (checked by `tsc` in `npm test`, never run): with a schema type such as the codegen
 * writes, models, entities, filters and results are fully typed without any run-time change.
 */
import type { Observable } from 'rxjs';
import { connect, type Entity } from '../src/index.js';

type Schema = {
  Person: {
    attributes: { id: number; name: string | null; birth_date: Date | null };
    relations: { computers: { model: 'Computer'; many: true } };
    methods: { speak(what_to_say: string): string };
  };
  Computer: {
    attributes: { id: number; name: string | null; vendor: string | null; owner_id: number | null };
    relations: { owner: { model: 'Person'; many: false } };
    methods: { label(): string };
  };
};

export async function typed(): Promise<void> {
  const client = await connect<Schema>({ url: 'http://localhost:5000' });
  const { Person, Computer } = client.models;

  const people: Observable<Entity<Schema, 'Person'>[]> = Person.all();
  const maurice = Person.create({ name: 'Maurice' });
  const name: string | null = maurice.name;
  const born: Date | null = maurice.birth_date;
  const computers: Entity<Schema, 'Computer'>[] | undefined = maurice.computers;
  const spoken: Observable<string> = maurice.speak('hi');
  const called: Observable<unknown> = maurice.call('speak', [], { what_to_say: 'hi' });
  const property: Observable<unknown> = maurice.property$('name_upper');
  // @ts-expect-error a method's arguments are typed
  maurice.speak(42);
  const beast = Computer.create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
  const owner: Entity<Schema, 'Person'> | null | undefined = beast.owner;

  Person.query.filter((p) => p.name.eq('Maurice'));
  Person.query.filter((p) => p.computers.any((c) => c.vendor.eq('Pear')));
  Person.query.filter((p) => p.computers.vendor.eq('Pear'));
  Computer.query.filter((c) => c.owner.eq(maurice));
  Person.query.orderBy({ name: 'asc' }).limit(3).offset(2);
  const one: Observable<Entity<Schema, 'Person'>> = Person.query.filterBy({ name: 'Maurice' }).one();

  // @ts-expect-error: no such model
  void client.models.Robot;
  // @ts-expect-error: no such column
  Person.query.filter((p) => p.shoe_size.eq(1));
  // @ts-expect-error: a name is a string, not a number
  Person.query.filter((p) => p.name.eq(42));
  // @ts-expect-error: a Person has no vendor
  Person.create({ vendor: 'Pear' });
  // @ts-expect-error: the name is a string
  maurice.name = 3;
  void [people, name, born, computers, spoken, owner, one];
};

export async function dynamic(): Promise<void> {
  // Without generated types every model and field exists, typed unknown.
  const client = await connect({ url: 'http://localhost:5000' });
  const person = Person();
  function Person() {
    return client.models['Person']!.create({ name: 'Roy' });
  }
  const value: unknown = person['name'];
  void value;
};
