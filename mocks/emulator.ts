/**
 * The emulator this repository's tests and the demo run against: the recorded reference datamodel
 * with the recordings' seed rows (see mocks/seed.ts), answering under `baseUrl`.
 */
import { createClassicEmulator, type ClassicEmulator } from '../src/testing/index.js';
import { recordedDatamodel } from './datamodel.js';
import { seedColumnProxies, seedRows } from './seed.js';

/** A fresh emulator of the reference server, seeded as in the recordings. */
export function createSeededEmulator(baseUrl = 'http://localhost:5000'): ClassicEmulator {
  return createClassicEmulator({ baseUrl, datamodel: recordedDatamodel, rows: seedRows, columnProxies: seedColumnProxies });
}
