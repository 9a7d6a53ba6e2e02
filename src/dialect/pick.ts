import { NetworkError, ValidationError } from '../errors.js';
import { classic } from './classic/index.js';
import type { DialectKind } from './dialect.js';

/**
 * The dialect `connect({ dialect })` names; 'classic' when none is named. The jsonapi dialect is
 * imported on demand, so that a classic app's bundle does not carry it (bundlers make it a chunk).
 */
export async function pickDialect(name: unknown): Promise<DialectKind> {
  if (name === undefined || name === 'classic') return classic;
  if (name !== 'jsonapi') {
    throw new ValidationError(`dialect must be 'classic' or 'jsonapi', got ${typeof name === 'string' ? JSON.stringify(name) : typeof name}`, { field: 'dialect' });
  }
  try {
    return (await import('./jsonapi/index.js')).jsonapi;
  } catch (error) {
    throw new NetworkError(`the jsonapi dialect: its code could not be loaded (${String(error)}); nothing was sent`, { cause: error });
  }
}
