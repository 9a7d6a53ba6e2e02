import { describe, expect, it } from 'vitest';
import { parseRecording, toExchange } from './extract-recordings.js';

const fence = '```';
const markdown = [
  '# A recording',
  '',
  '### 1. Inline body, then a server note',
  '',
  '*Server: CLASSIC_PEERS=0 (Computer without the `peers` proxy).*',
  '',
  '**Request**',
  '',
  `${fence}http`,
  'POST /api/person HTTP/1.1',
  'Host: 127.0.0.1:5078',
  'Accept: */*',
  'Content-Type: application/json',
  'Content-Length: 13',
  '',
  '{"name": "Z"}',
  fence,
  '',
  '**Response**',
  '',
  `${fence}http`,
  'HTTP/1.1 201 CREATED',
  'Content-Type: application/json',
  'Content-Length: 11',
  'Location: http://127.0.0.1:5078/api/person/6',
  '',
  '{"id":6.0}',
  '',
  fence,
  '',
  'Server log (not part of the response): nothing',
  '',
  '### 2. Pretty body, DELETE without body, 204',
  '',
  '**Request**',
  '',
  `${fence}http`,
  'GET /api/x HTTP/1.1',
  'Host: h',
  fence,
  '',
  '**Response**',
  '',
  `${fence}http`,
  'HTTP/1.1 200 OK',
  'Content-Length: 25',
  fence,
  '',
  'Body (25 bytes; pretty-printed here):',
  '',
  `${fence}json`,
  '{\n  "b": 2.0,\n  "a": ["\u00e9"]\n}',
  fence,
  '',
  '### 3. Empty',
  '',
  `${fence}http`,
  'DELETE /api/x/1 HTTP/1.1',
  'Host: h',
  'Content-Length: 0',
  fence,
  '',
  `${fence}http`,
  'HTTP/1.1 204 NO CONTENT',
  'Content-Type: application/json',
  '',
  '(empty body)',
  fence,
].join('\n');

describe('parseRecording', () => {
  it('reads inline, pretty-printed and empty bodies, the server note and the prose', () => {
    const [first, second, third] = parseRecording(markdown, 'x.md');
    expect(first).toMatchObject({ number: 1, server: 'CLASSIC_PEERS=0', body: { form: 'verbatim', text: '{"id":6.0}\n' } });
    expect(first?.prose).toContain('Server log');
    expect(toExchange(first!)).toEqual({
      source: 'x.md #1',
      title: 'Inline body, then a server note',
      method: 'POST',
      url: 'http://127.0.0.1:5078/api/person',
      requestHeaders: { 'Content-Type': 'application/json' },
      requestBody: '{"name": "Z"}',
      status: 201,
      statusText: 'CREATED',
      contentType: 'application/json',
      location: 'http://127.0.0.1:5078/api/person/6',
      contentLength: 11,
      body: '{"id":6.0}\n',
    });
    // Re-compacted as Flask writes it: sorted keys, ASCII escapes, numbers as written.
    expect(second?.body).toEqual({ form: 'pretty', text: '{"a":["\\u00e9"],"b":2.0}\n' });
    expect(toExchange(third!)).toMatchObject({ method: 'DELETE', status: 204, body: '' });
    expect(toExchange(third!)).not.toHaveProperty('requestBody');
    expect(toExchange(third!)).not.toHaveProperty('contentLength');
  });

  it('fails loudly when a body does not have the length the recording states', () => {
    expect(() => parseRecording(markdown.replace('Content-Length: 11', 'Content-Length: 12'), 'x.md')).toThrow('x.md #1: the body has 11 bytes, the recording says 12');
  });
});
