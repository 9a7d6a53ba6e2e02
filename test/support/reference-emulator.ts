/**
 * The emulator (flask-restless-rx/testing) holding the few reference rows the store and read
 * tests start from, called as a plain `fetch` through msw's `getResponse`: no interception and no
 * timers of its own (latency 0), so `vi.useFakeTimers()` controls all time in such a test.
 */
import { getResponse } from 'msw';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { seedColumnProxies } from '../../mocks/seed.js';
import type { FetchLike } from '../../src/transport/http.js';
import { createClassicEmulator, type ClassicEmulator } from '../../src/testing/index.js';

export const REFERENCE_URL = 'http://reference.test';

/** Three people, their three computers, three tags and two articles. */
export const referenceRows = {
  Person: [
    { id: 1, name: 'Alice', birth_date: '1990-01-15' },
    { id: 2, name: 'Bob', birth_date: '1985-06-30' },
    { id: 3, name: 'Carol', birth_date: '2000-12-01' },
  ],
  Computer: [
    { id: 1, name: 'alice-laptop', vendor: 'Pear', owner_id: 1 },
    { id: 2, name: 'alice-desktop', vendor: 'Dull', owner_id: 1 },
    { id: 3, name: 'bob-box', vendor: 'Pear', owner_id: 2 },
  ],
  Tag: [{ id: 1, name: 'python' }, { id: 2, name: 'flask' }, { id: 3, name: 'rest' }],
  Article: [{ id: 1, title: 'Intro', tags: [1, 2] }, { id: 2, title: 'Plain' }],
};

export interface ReferenceEmulator {
  readonly emulator: ClassicEmulator;
  /** The emulator as the client's `fetch`. */
  readonly fetch: FetchLike;
}

export function referenceEmulator(): ReferenceEmulator {
  const emulator = createClassicEmulator({ baseUrl: REFERENCE_URL, datamodel: recordedDatamodel, rows: referenceRows, columnProxies: seedColumnProxies });
  const fetch: FetchLike = async (input, init) => {
    const response = await getResponse(emulator.handlers, new Request(input, init));
    if (response === undefined) throw new TypeError(`fetch failed: nothing answers ${input}`);
    return response;
  };
  return { emulator, fetch };
}
