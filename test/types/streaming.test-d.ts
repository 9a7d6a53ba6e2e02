/**
 * Type tests of the page-by-page reads over the generated models (see generated.test-d.ts for how
 * these files are checked): `iterate()` and `for await` over a query yield the model's entity type.
 */
import type { Observable } from 'rxjs';
import { connect, type IterateOptions, type ReadProgress } from '../../src/index.js';
import { datamodel, type Person, type Schema } from '../generated/models.js';

export async function streaming(url: string): Promise<void> {
  const { Person } = (await connect<Schema>({ url, datamodel })).models;
  for await (const p of Person.query.iterate({ readAhead: 2 })) {
    const person: Person = p;
    const name: string | null = person.name;
    void name;
  }
  for await (const p of Person.query.filterBy({ name: 'Bob' })) {
    const person: Person = p;
    void person;
  }
  const options: IterateOptions = { readAhead: 0, pageSize: 500, onProgress: (progress: ReadProgress) => void (progress.loaded / progress.total) };
  const rows: AsyncGenerator<Person, void, undefined> = Person.query.iterate(options);
  await rows.return(undefined);
  const pushed: Observable<Person> = Person.query.stream({ onProgress: ({ loaded, total }) => void (loaded + total) });
  void pushed;
  // @ts-expect-error TS2322: readAhead is a number of pages
  Person.query.iterate({ readAhead: 'two' });
  // @ts-expect-error TS2353: stream() has no read-ahead (it is pushed)
  Person.query.stream({ readAhead: 1 });
}
