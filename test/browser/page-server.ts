/**
 * A loopback HTTP server for the browser tests: static files from memory (the page and its
 * bundle) and from disk (msw's service worker), and a same-origin proxy of API paths to an
 * upstream server (the real classic server), as a web app's dev server proxies /api. It records
 * the requests it forwarded, so a test can see what the browser sent.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ForwardedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
}

export interface PageServerOptions {
  /** Path -> file contents, e.g. `/index.html`, `/main.js`. `/` serves `/index.html`. */
  readonly files: ReadonlyMap<string, Uint8Array | string>;
  /** Where paths starting with a proxied prefix go, e.g. `http://127.0.0.1:5123`. */
  readonly upstream?: string;
  /** Path prefixes forwarded to `upstream`. Default `['/api/', '/__test__/']`. */
  readonly proxied?: readonly string[];
}

export interface PageServer {
  readonly url: string;
  readonly forwarded: ForwardedRequest[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const proxied = options.proxied ?? ['/api/', '/__test__/'];
  const forwarded: ForwardedRequest[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page.invalid').pathname;
    if (options.upstream !== undefined && proxied.some((prefix) => path.startsWith(prefix) || `${path}/` === prefix)) {
      forwarded.push({ method: req.method ?? 'GET', path: req.url ?? '/', authorization: req.headers.authorization });
      proxy(options.upstream, req, res);
      return;
    }
    const file = options.files.get(path === '/' ? '/index.html' : path);
    if (file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    const extension = /\.[a-z]+$/.exec(path)?.[0] ?? '.html';
    // The service worker may control the whole origin (msw's worker lives at the root anyway).
    res.writeHead(200, { 'content-type': TYPES[extension] ?? 'application/octet-stream', 'cache-control': 'no-store', 'service-worker-allowed': '/' });
    res.end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function proxy(upstream: string, req: IncomingMessage, res: ServerResponse): void {
  const target = new URL(req.url ?? '/', upstream);
  const outgoing = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  outgoing.on('error', (error) => {
    res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy error: ${error.message}`);
  });
  req.pipe(outgoing);
}
