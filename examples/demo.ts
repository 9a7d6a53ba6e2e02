/**
 * The walkthrough of the Python client's README ("R is for Rainbow"), run against the built-in
 * emulator of a classic Flask-Restless server (no Python needed): `npm run demo`.
 * Then C is for Crayon, U is for Umbrella, D is for Dinosaur, and remote methods and properties.
 */
import { setupServer } from 'msw/node';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { eachValueFrom } from 'rxjs-for-await';
import { connect, not, or, NoResultError, RpcError, ValidationError, type DynamicEntity } from '../src/index.js';
import { createSeededEmulator } from '../mocks/emulator.js';

const url = 'http://localhost:5000';
const emulator = createSeededEmulator(url);
const server = setupServer(...emulator.handlers);
server.listen({ onUnhandledRequest: 'error' });
let requests = 0;
server.events.on('request:start', ({ request }) => {
  requests += 1;
  console.log(`    -> ${request.method} ${decodeURIComponent(request.url.replace(url, ''))}`);
});

const show = (label: string, value: unknown) => console.log(`${label}:`, value);
const names = (entities: readonly DynamicEntity[]) => entities.map((entity) => entity['name']);

try {
  console.log(`Connecting to ${url}/api (the seed README's url) ...`);
  const client = await connect({ url: `${url}/api` });
  const model = (name: string) => {
    const handle = client.models[name];
    if (!handle) throw new Error(`the server has no model ${name}`);
    return handle;
  };
  const [Person, Computer, Employee, Manager] = [model('Person'), model('Computer'), model('Employee'), model('Manager')];
  show('models', Object.keys(client.models).join(', '));

  console.log('\nR is for Rainbow');
  const everyone = await firstValueFrom(Person.all());
  show('everyone', names(everyone));
  const alice = await firstValueFrom(Person.get(1));
  show('Person.get(1) is the same object as everyone[0]', alice === everyone[0]);
  show('her computers', names(alice['computers'] as DynamicEntity[]));
  show("filter(p => p.name.eq('Bob')).one()", (await firstValueFrom(Person.query.filter((p) => p['name']!.eq('Bob')).one()))['name']);
  show("filterBy({ name: 'Carol' }).oneOrNone()", (await firstValueFrom(Person.query.filterBy({ name: 'Carol' }).oneOrNone()))?.['name']);
  show('limit(3)', names(await firstValueFrom(Person.query.limit(3).all())));
  show('offset(2)', names(await firstValueFrom(Person.query.offset(2).all())));
  show("orderBy({ name: 'desc' })", names(await firstValueFrom(Person.query.orderBy({ name: 'desc' }).all())));
  show('first()', (await firstValueFrom(Person.query.first()))?.['name']);
  show('last()', (await firstValueFrom(Person.query.last()))?.['name']);
  show('count()', await lastValueFrom(Person.query.count()));
  show("people owning a 'Pear' computer", names(await firstValueFrom(Person.query.filter((p) => p['computers']!.any((c) => c['vendor']!.eq('Pear'))).all())));
  show("the same as a path: p.computers.vendor.eq('Pear')", names(await firstValueFrom(Person.query.filter((p) => p['computers']!['vendor']!.eq('Pear')).all())));
  show("or(name = Bob, name = Eve)", names(await firstValueFrom(Person.query.filter((p) => or(p['name']!.eq('Bob'), p['name']!.eq('Eve'))).all())));
  show('not(id in [1, 2])', names(await firstValueFrom(Person.query.filter((p) => not(p['id']!.in([1, 2]))).all())));
  const bob = await firstValueFrom(Person.get(2));
  show("computers owned by Bob (c.owner.eq(bob))", names(await firstValueFrom(Computer.query.filter((c) => c['owner']!.eq(bob)).all())));
  const staff = await firstValueFrom(Employee.all());
  show('employees (Grace is read as a Manager)', staff.map((e) => `${String(e['name'])}${e instanceof Manager ? ' (manager)' : ''}`));

  console.log('\nStreaming page by page (pageSize 2), for await:');
  const paged = await connect({ url, pageSize: 2 });
  for await (const person of eachValueFrom(paged.models['Person']!.query.stream())) console.log(`    ${String(person['name'])}`);

  console.log('\nLive lists follow the store: a local edit moves Eve into a list of names starting with A');
  const live = Person.query.filter((p) => p['name']!.like('A%')).all().subscribe((list) => console.log('    live list:', names(list)));
  const eve = await firstValueFrom(Person.get(5));
  const before = requests;
  eve['name'] = 'Aaron';
  show('    requests made for that', requests - before);
  live.unsubscribe();

  console.log('\nBad input is a typed error before anything is sent:');
  try {
    Person.query.filter((p) => p['shoe_size']!.eq(42));
  } catch (error) {
    show('    unknown field', (error as ValidationError).message);
  }
  try {
    bob['birth_date'] = 'yesterday';
  } catch (error) {
    show('    wrong type', (error as ValidationError).message);
  }
  await firstValueFrom(Person.query.filter((p) => p['name']!.eq('Nobody')).one()).catch((error: NoResultError) => show('    one() without a row', `${error.name}: ${error.message}`));

  console.log('\nC is for Crayon: nothing is sent until save; people are created before their computers (and Eve\'s rename above is saved too)');
  const maurice = Person.create({ name: 'Maurice' });
  const roy = Person.create({ name: 'Roy' });
  const beast = Computer.create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
  Computer.create({ name: 'Server', vendor: 'Pingu', owner: maurice });
  Computer.create({ name: 'pc', vendor: 'Doors', owner: roy });
  show('maurice.isNew before saving', maurice.isNew);
  const events = await lastValueFrom(client.save().pipe(toArray()));
  for (const event of events) {
    if (event.type === 'planned') show('    planned levels', event.levels.map((level) => level.map((step) => `${step.kind} ${String((step.entity as DynamicEntity)['name'])}`)));
    if (event.type === 'completed') show('    completed', event);
  }
  show("maurice's id, and his computers", `${String(maurice['id'])}: ${names(maurice['computers'] as DynamicEntity[]).join(', ')}`);

  console.log('\nU is for Umbrella: only the changed field is sent');
  beast['vendor'] = 'Robot';
  show('dirty fields', beast.dirtyFields);
  await lastValueFrom(beast.save());

  console.log('\nD is for Dinosaur: delete is immediate');
  await lastValueFrom(beast.delete(), { defaultValue: undefined });
  show("maurice's computers after the delete", names(maurice['computers'] as DynamicEntity[]));

  console.log('\nRemote methods and properties (msgpack over hex, as cereal-lazer writes it)');
  const speak = alice['speak'] as (what: string) => ReturnType<DynamicEntity['call']>;
  show("alice.speak(\"I'd rather send an email\")", await firstValueFrom(speak("I'd rather send an email")));
  show("alice.call('describe', [], { suffix: '?' })", await firstValueFrom(alice.call('describe', [], { suffix: '?' })));
  const box = await firstValueFrom(bob.call('first_computer'));
  show("bob.first_computer() is the store's entity", box === (bob['computers'] as DynamicEntity[])[0]);
  show("alice.property$('name_upper')", await firstValueFrom(alice.property$('name_upper')));
  await firstValueFrom(alice.call('explode')).catch((error: RpcError) => show('    a raising method', `${error.name}: ${String(error.serverMessage)}`));
  await firstValueFrom(alice.call('speak', [])).catch((error: ValidationError) => show('    a missing argument (checked before sending)', error.message));
} finally {
  server.close();
}
