/**
 * What a method call makes of answers the contract servers do not give on demand: garbage, an
 * unknown class in strict mode, an HTML 500, a dropped connection. (The servers' own answers are
 * covered by test/contract/rpc.contract.test.ts on the emulator and the real server.)
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { CodecError, NetworkError, ProtocolError, RpcError, connect, isEmulated, type FetchLike } from '../index.js';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { bytesToHex } from './codec/hex.js';

// What the server sends for an instance of a class this client has no registration for.
const basket = bytesToHex(msgpackEncode({ __cereal_lazer_instance__: ['Basket', { owner: 'Ann' }] }));

/** A server that has Alice and answers every method call with `answer`. */
function server(answer: () => Response | Promise<Response>): FetchLike {
  return async (url) => {
    if (url.includes('/api/method/')) return answer();
    return new Response(JSON.stringify({ id: 1, name: 'Alice', birth_date: null, computers: [] }), { headers: { 'Content-Type': 'application/json' } });
  };
}

async function alice(fetch: FetchLike, strict = false) {
  const client = await connect({ url: 'http://rpc.test', datamodel: recordedDatamodel, fetch, codec: { strict } });
  return firstValueFrom(client.models['Person']!.get(1));
}

const html500 = () => new Response('<!doctype html><title>500 Internal Server Error</title>', { status: 500, headers: { 'Content-Type': 'text/html; charset=utf-8' } });

describe('a method call', () => {
  it('decodes an instance of an unknown class to an emulated object, or a CodecError when strict', async () => {
    const answer = () => new Response(JSON.stringify({ payload: basket }), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    const value = await firstValueFrom((await alice(server(answer))).call('nothing'));
    expect(isEmulated(value)).toBe(true);
    expect((value as Record<string, unknown>)['owner']).toBe('Ann');
    await expect(firstValueFrom((await alice(server(answer), true)).call('nothing'))).rejects.toBeInstanceOf(CodecError);
  });

  it('turns an answer without a payload into a ProtocolError, and a payload that is not cereal into a CodecError', async () => {
    const entity = await alice(server(() => new Response('{"result": 1}', { headers: { 'Content-Type': 'text/html' } })));
    await expect(firstValueFrom(entity.call('nothing'))).rejects.toBeInstanceOf(ProtocolError);
    const garbled = await alice(server(() => new Response('{"payload": "zz"}')));
    await expect(firstValueFrom(garbled.call('nothing'))).rejects.toBeInstanceOf(CodecError);
  });

  it('explains an HTML 500 as a call the server could not process', async () => {
    const error = await firstValueFrom((await alice(server(html500))).call('nothing')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).message).toMatch(/could not process Person 1 \.nothing\(\) \(HTML 500\)/);
    expect((error as RpcError).serverMessage).toBeUndefined();
  });

  it('is not retried when the connection drops (the method may have run)', async () => {
    let calls = 0;
    const entity = await alice(
      server(() => {
        calls += 1;
        return Promise.reject(new TypeError('socket hang up'));
      }),
    );
    await expect(firstValueFrom(entity.call('nothing'))).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toBe(1);
  });
});
