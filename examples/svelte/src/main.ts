import { mount } from 'svelte';
import { connect } from 'flask-restless-rx';
import App from './App.svelte';
import type { Schema } from './schema.js';

declare const __USE_EMULATOR__: boolean;

if (__USE_EMULATOR__) {
  const { startEmulator } = await import('./emulator.js');
  await startEmulator();
}
// A relative URL: the page's origin, where the dev server proxies /api (or the emulator answers).
const client = await connect<Schema>({ url: '/api' });
mount(App, { target: document.getElementById('app') as HTMLElement, props: { client } });
