// The reads-and-saves app that also calls a remote method and reads a remote property.
import { lastValueFrom, firstValueFrom } from 'rxjs';
import { connect } from '../../src/index.js';
import type { Schema } from './schema.js';

const client = await connect<Schema>({ url: '/api' });
const { Person } = client.models;
const alice = await firstValueFrom(Person.get(1));
alice.name = 'Alicia';
await lastValueFrom(alice.save());
console.log(await firstValueFrom(alice.speak('hi')));
console.log(await firstValueFrom(alice.property$('name_upper')));
