import { ValidationError } from '../errors.js';
import { classic } from './classic/index.js';
import type { DialectKind } from './dialect.js';

/** The dialect `connect({ dialect })` names; 'classic' when none is named. */
export function pickDialect(name: unknown): DialectKind {
  if (name === 'jsonapi') {
    throw new ValidationError("The 'jsonapi' dialect is not available in this version of flask-restless-rx; use 'classic'");
  }
  if (name !== undefined && name !== 'classic') {
    throw new ValidationError(`dialect must be 'classic', got ${typeof name === 'string' ? JSON.stringify(name) : typeof name}`, { field: 'dialect' });
  }
  return classic;
}
