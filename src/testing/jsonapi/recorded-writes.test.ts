/**
 * The JSON:API emulator against every write exchange recorded from the real NG 3.3.0 server, in
 * recording order: each file ran on a freshly seeded server, so each file gets a fresh emulator
 * and its exchanges (reads between writes included) are sent in order. Status line, the headers
 * that matter, and the body byte for byte (`included` in any order).
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceEmulator } from '../../../mocks/jsonapi/reference-emulator.js';
import { expectJsonApiAnswer } from '../../../mocks/jsonapi/expect-jsonapi-answer.js';
import { jsonApiRecordings } from '../../../mocks/jsonapi/recordings.js';
import { NOT_REPRODUCED, UNSTABLE_DETAIL, replay } from '../../../mocks/jsonapi/replay.js';

const WRITE_ERRORS = new Set([27, 28, 32, 33, 40, 41, 42, 43, ...Array.from({ length: 21 }, (_, i) => i + 45)].map((n) => `errors.md #${String(n)}`));

const FILES: ReadonlyArray<readonly [string, string, (source: string) => boolean]> = [
  ['write.md', 'http://127.0.0.1:5001', () => true],
  ['relationships.md', 'http://127.0.0.1:5001', () => true],
  ['polymorphism.md', 'http://127.0.0.1:5001', () => true],
  ['errors.md', 'http://127.0.0.1:5001', (source) => WRITE_ERRORS.has(source)],
];

for (const [file, baseUrl, wanted] of FILES) {
  describe(`the JSON:API emulator answers like the recorded NG server (${file}, in order)`, () => {
    const server = setupServer(...createReferenceEmulator(baseUrl).handlers);
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => server.close());
    for (const exchange of jsonApiRecordings(file).filter((candidate) => wanted(candidate.source))) {
      const reason = NOT_REPRODUCED[exchange.source];
      if (UNSTABLE_DETAIL.has(exchange.source)) it(`${exchange.source}: ${exchange.title}`, async () => expectFirstLineOfDetail(await replay(exchange), exchange));
      else it.skipIf(reason !== undefined)(`${exchange.source}: ${exchange.title}`, async () => expectJsonApiAnswer(await replay(exchange), exchange));
    }
  });
}

async function expectFirstLineOfDetail(response: Response, expected: { status: number; statusText: string; contentType?: string; body?: string }): Promise<void> {
  expect(`${response.status} ${response.statusText}`).toBe(`${expected.status} ${expected.statusText}`);
  expect(response.headers.get('content-type')).toBe(expected.contentType ?? null);
  const firstLines = (text: string): unknown => {
    const document = JSON.parse(text) as { errors: Array<{ detail: string }> };
    return { ...document, errors: document.errors.map((error) => ({ ...error, detail: error.detail.split('\n')[0] })) };
  };
  expect(firstLines(await response.text())).toEqual(firstLines(expected.body ?? '{}'));
}
