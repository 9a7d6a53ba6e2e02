/**
 * The session policy of a server built with `DataModel(commit_on_method_return=True)`: what a
 * method changes is committed (docs/protocol/classic/rpc.md #40, #41), and the client sees it after a refresh.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { clientOf, skipOnJsonApi, useContractTarget } from './target.js';

const target = useContractTarget({ peers: false, commitOnMethodReturn: true });

describe.skipIf(skipOnJsonApi('Flask-Restless-NG has no method or property routes (the jsonapi dialect makes a call an RpcError, src/dialect/jsonapi/client.test.ts)'))(`a server that commits on method return (${process.env['CONTRACT_TARGET'] ?? 'emulator'})`, () => {
  it('keeps what the method changed; refresh() shows it', async () => {
    const client = await clientOf(target());
    const bob = await firstValueFrom(client.models['Person']!.get(2));
    expect(await firstValueFrom(bob.call('rename', ['Roberto']))).toBe('Roberto');
    // The client does not guess what a method changed: the entity still shows the last load.
    expect(bob['name']).toBe('Bob');
    await lastValueFrom(bob.refresh());
    expect(bob['name']).toBe('Roberto');
  });
});
