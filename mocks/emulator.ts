/**
 * The emulator this repository's tests and the demo run against: the recorded reference datamodel
 * with the recordings' seed rows (see mocks/seed.ts) and the reference app's methods and
 * properties (mocks/methods.ts), answering under `baseUrl`.
 */
import { createClassicEmulator, createJsonApiEmulator, type ClassicEmulator, type JsonApiEmulator } from '../src/testing/index.js';
import { recordedDatamodel } from './datamodel.js';
import { referenceMethods, referenceProperties } from './methods.js';
import { seedColumnProxies, seedRows, seedSchema } from './seed.js';

/** How the reference server was started (the recordings' variants). */
export interface SeededEmulatorOptions {
  /** `DataModel(commit_on_method_return=True)`, the recordings' `CLASSIC_COMMIT_ON_RETURN=1` server. */
  readonly commitOnMethodReturn?: boolean;
  /** The server's clock (`CURRENT_DATE`/`CURRENT_TIMESTAMP`); a replay of the recordings pins it. */
  readonly now?: () => Date;
  /** Token authentication in front of the server (the real test server's TEST_AUTH=1). */
  readonly auth?: { readonly username: string; readonly password: string; readonly tokenTtlMs?: number };
  /**
   * `'jsonapi'`: the same models and rows served as Flask-Restless-NG 3.3.0 serves them (the NG
   * test server with the Python helper's datamodel): one contract suite, both dialects. Model
   * methods and properties have no route on NG, so they are not served.
   */
  readonly dialect?: 'classic' | 'jsonapi';
}

/** A fresh emulator of the reference server, seeded as in the recordings. */
export function createSeededEmulator(baseUrl?: string, options?: SeededEmulatorOptions & { readonly dialect?: 'classic' }): ClassicEmulator;
export function createSeededEmulator(baseUrl: string, options: SeededEmulatorOptions & { readonly dialect: 'jsonapi' }): JsonApiEmulator;
export function createSeededEmulator(baseUrl?: string, options?: SeededEmulatorOptions): ClassicEmulator | JsonApiEmulator;
export function createSeededEmulator(baseUrl = 'http://localhost:5000', options: SeededEmulatorOptions = {}): ClassicEmulator | JsonApiEmulator {
  if (options.dialect === 'jsonapi') {
    return createJsonApiEmulator({
      baseUrl,
      datamodel: recordedDatamodel,
      rows: seedRows,
      columnProxies: seedColumnProxies,
      schema: seedSchema,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.auth === undefined ? {} : { auth: options.auth }),
    });
  }
  return createClassicEmulator({
    baseUrl,
    datamodel: recordedDatamodel,
    rows: seedRows,
    columnProxies: seedColumnProxies,
    schema: seedSchema,
    methods: referenceMethods,
    properties: referenceProperties,
    ...(options.commitOnMethodReturn === undefined ? {} : { commitOnMethodReturn: options.commitOnMethodReturn }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.auth === undefined ? {} : { auth: options.auth }),
  });
}
