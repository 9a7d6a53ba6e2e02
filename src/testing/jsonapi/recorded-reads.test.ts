/**
 * The JSON:API emulator against every read exchange recorded from the real NG 3.3.0 server
 * (docs/protocol/jsonapi/read.md, and the GET/negotiation/405 exchanges of errors.md): status
 * line, Content-Type, Content-Length, Link/Location/Allow, and the body byte for byte.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectJsonApiAnswer } from '../../../mocks/jsonapi/expect-jsonapi-answer.js';
import { createReferenceEmulator } from '../../../mocks/jsonapi/reference-emulator.js';
import { jsonApiRecordings } from '../../../mocks/jsonapi/recordings.js';
import { NOT_REPRODUCED, replay } from '../../../mocks/jsonapi/replay.js';

const server = setupServer(...createReferenceEmulator('http://127.0.0.1:5001').handlers, ...createReferenceEmulator('http://127.0.0.1:5002', { includeLinks: true }).handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('the JSON:API emulator answers like the recorded NG server (reads)', () => {
  for (const exchange of jsonApiRecordings('read.md')) {
    const reason = NOT_REPRODUCED[exchange.source];
    it.skipIf(reason !== undefined)(`${exchange.source}: ${exchange.title}`, async () => {
      await expectJsonApiAnswer(await replay(exchange), exchange);
    });
  }
});

const ERROR_READS = new Set([...Array.from({ length: 26 }, (_, i) => i + 1), 29, 30, 31, 34, 35, 36, 37, 38, 39, 44, 64].map((n) => `errors.md #${String(n)}`));

describe('the JSON:API emulator answers like the recorded NG server (read errors, routing, negotiation)', () => {
  for (const exchange of jsonApiRecordings('errors.md').filter((candidate) => ERROR_READS.has(candidate.source))) {
    const reason = NOT_REPRODUCED[exchange.source];
    it.skipIf(reason !== undefined)(`${exchange.source}: ${exchange.title}`, async () => {
      await expectJsonApiAnswer(await replay(exchange), exchange);
    });
  }
});
