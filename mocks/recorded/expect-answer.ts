/**
 * The one comparison of an emulator answer with a recorded one, used by every replay test: status
 * line, the headers that matter, the body byte for byte when the recording has it whole, and the
 * Content-Length (announced and actual).
 */
import { expect } from 'vitest';
import type { RecordedExchange } from './recorded-exchange.js';

export async function expectRecordedAnswer(response: Response, expected: RecordedExchange): Promise<void> {
  const body = await response.text();
  expect(`${response.status} ${response.statusText}`).toBe(`${expected.status} ${expected.statusText}`);
  expect(response.headers.get('content-type')).toBe(expected.contentType ?? null);
  expect(response.headers.get('link')).toBe(expected.link ?? null);
  expect(response.headers.get('location')).toBe(expected.location ?? null);
  expect(response.headers.get('allow')).toBe(expected.allow ?? null);
  expect(response.headers.get('vary')).toBe(expected.vary ?? null);
  if (expected.body !== undefined) expect(body).toBe(expected.body);
  expect(response.headers.get('content-length')).toBe(expected.contentLength === undefined ? null : String(expected.contentLength));
  expect(new TextEncoder().encode(body).length).toBe(expected.contentLength ?? 0);
}
