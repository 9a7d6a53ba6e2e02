// An app that reads and saves (bench/bundle.ts measures what it costs in a browser bundle).
import { lastValueFrom, firstValueFrom } from 'rxjs';
import { connect } from '../../src/index.js';
import type { Schema } from './schema.js';

const client = await connect<Schema>({ url: '/api' });
const { Person } = client.models;
const people = await firstValueFrom(Person.query.filter((p) => p.name.like('A%')).orderBy({ name: 'asc' }).all());
const alice = people[0];
if (alice !== undefined) {
  alice.name = 'Alicia';
  await lastValueFrom(alice.save());
}
await lastValueFrom(Person.create({ name: 'Zed' }).save());
