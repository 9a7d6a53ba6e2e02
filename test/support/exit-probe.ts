/**
 * Run as a child process by src/store/eviction.process.test.ts: a script that loads rows and
 * returns. It must exit at once, although the store's eviction timer (default gcTimeMs, 5
 * minutes) is pending; it prints how many entities it loaded and the timer delays it saw set.
 */
import { firstValueFrom } from 'rxjs';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { connect } from '../../src/client.js';
import { referenceEmulator, REFERENCE_URL } from './reference-emulator.js';

const delays: unknown[] = [];
const original = globalThis.setTimeout;
globalThis.setTimeout = ((handler: () => void, delay?: number) => {
  delays.push(delay);
  return original(handler, delay);
}) as typeof setTimeout;

const { fetch } = referenceEmulator();
const client = await connect({ url: REFERENCE_URL, datamodel: recordedDatamodel, fetch });
const people = await firstValueFrom(client.models['Person']!.all());
console.log(JSON.stringify({ people: people.length, delays }));
