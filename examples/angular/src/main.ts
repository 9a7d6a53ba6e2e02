import '@angular/compiler'; // JIT: see build.mjs
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { connect, type Client } from 'flask-restless-rx';
import { AppComponent, CLIENT } from './app.component.js';
import type { Schema } from './schema.js';

declare const __USE_EMULATOR__: boolean;

if (__USE_EMULATOR__) {
  const { startEmulator } = await import('./emulator.js');
  await startEmulator();
}
const client: Client<Schema> = await connect<Schema>({ url: '/api' });
// No zone.js: change detection runs on signals, the async pipe and events.
await bootstrapApplication(AppComponent, {
  providers: [provideZonelessChangeDetection(), { provide: CLIENT, useValue: client }],
});
