import { ValidationError } from '../errors.js';
import { classic } from './classic/index.js';
import type { DialectKind } from './dialect.js';
import { jsonapi } from './jsonapi/index.js';

/** The dialect `connect({ dialect })` names; 'classic' when none is named. */
export function pickDialect(name: unknown): DialectKind {
  if (name === 'jsonapi') return jsonapi;
  if (name !== undefined && name !== 'classic') {
    throw new ValidationError(`dialect must be 'classic' or 'jsonapi', got ${typeof name === 'string' ? JSON.stringify(name) : typeof name}`, { field: 'dialect' });
  }
  return classic;
}
