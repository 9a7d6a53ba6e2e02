/**
 * The emulator against every RPC exchange recorded from the real server (docs/protocol/classic/rpc.md, and the RPC errors
 * of docs/protocol/classic/errors.md): status line, Content-Type, Content-Length, Allow, and the body byte for byte. The
 * exchanges are sent in recording order, each to an emulator configured as the server that
 * recorded it, which keeps its state from one exchange to the next as the server did.
 */
import { decode, encode } from '@msgpack/msgpack';
import { setupServer } from 'msw/node';
import { expectRecordedAnswer } from '../../../mocks/recorded/expect-answer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededEmulator } from '../../../mocks/emulator.js';
import { recordedRpc, type RecordedExchange } from '../../../mocks/recorded/classic-rpc.js';

/** The default recorded server has `Computer.peers`; the emulator leaves relation proxies out. */
const WITHOUT_PEERS = new Set(['rpc.md #18']);

/** Recordings the emulator deliberately does not reproduce, with the reason. */
const NOT_REPRODUCED: Readonly<Record<string, string>> = {
  'rpc.md #19': 'the 500 comes from serializing Computer.peers, which the emulator omits',
};

// docs/protocol/classic/rpc.md's servers: the default one, CLASSIC_PEERS=0 (the emulator never has peers), and commit_on_method_return=True.
const emulators = [
  createSeededEmulator('http://127.0.0.1:5077'),
  createSeededEmulator('http://127.0.0.1:5078'),
  createSeededEmulator('http://127.0.0.1:5079', { commitOnMethodReturn: true }),
] as const;
const server = setupServer(...emulators.flatMap((emulator) => emulator.handlers));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('the emulator answers RPC like the recorded server', () => {
  // Each recording file ran against freshly started servers.
  let file: string | undefined;
  const startOf = (exchange: RecordedExchange) => {
    const source = exchange.source.split(' ')[0];
    if (source !== file) for (const emulator of emulators) emulator.db.reset();
    file = source;
  };

  for (const exchange of recordedRpc) {
    const reason = NOT_REPRODUCED[exchange.source];
    it.skipIf(reason !== undefined)(`${exchange.source}: ${exchange.title}`, async () => {
      startOf(exchange);
      const expected = WITHOUT_PEERS.has(exchange.source) ? withoutPeers(exchange) : exchange;
      const init: RequestInit = { method: exchange.method, headers: { ...exchange.requestHeaders } };
      if (exchange.requestBody !== undefined) init.body = exchange.requestBody;
      await expectRecordedAnswer(await fetch(exchange.url, init), expected);
    });
  }
});

/** The recorded answer without the `peers` relation proxy inside its model instance payload. */
function withoutPeers(exchange: RecordedExchange): RecordedExchange {
  const { payload } = JSON.parse(exchange.body ?? '{}') as { payload?: string };
  if (payload === undefined) throw new Error(`${exchange.source} has no payload to drop peers from`);
  const hex = Buffer.from(encode(dropPeers(decode(Buffer.from(payload, 'hex'))))).toString('hex');
  const body = `{"payload": "${hex}"}`;
  return { ...exchange, body, contentLength: Buffer.byteLength(body) };
}

function dropPeers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropPeers);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'peers').map(([key, item]) => [key, dropPeers(item)]));
}
