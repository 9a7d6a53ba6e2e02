/**
 * The pages of a resource pulled by the consumer (an async iterator), with a bounded read-ahead:
 * while the consumer is on page k, pages k+1..k+readAhead are on their way or waiting, and page
 * k+readAhead+1 is asked for only when the consumer moves on. Memory stays at readAhead + 1 pages
 * however slow the consumer, where a pushed stream buffers whatever the server has sent.
 */
import type { Subscription } from 'rxjs';
import type { Page } from '../dialect/dialect.js';
import type { QueryExpression } from '../query/expression.js';
import { fetchPage, type PageSource } from './paging.js';

/** A page, with the store's deletion count when its request went out (see `Reader#load`). */
export interface PulledPage {
  readonly page: Page;
  readonly since: number;
}

export interface PullSettings {
  readonly readAhead: number;
  readonly pageSize: number;
  /** The store's deletion count now. */
  readonly deletions: () => number;
}

interface Pending {
  readonly answer: Promise<Page>;
  readonly since: number;
  readonly cancel: () => void;
}

/**
 * Leaving the loop (break, return, a throw) cancels the requests still on their way, which aborts
 * them; a failed page rejects the iteration with the library's typed error. Each request has the
 * client's deadline: a page that came early waits in memory, not on the wire.
 */
export async function* pagesOnDemand(source: PageSource, base: string, expression: QueryExpression, settings: PullSettings): AsyncGenerator<PulledPage, void, undefined> {
  const queue: Pending[] = [];
  let asked = 0;
  let pages = 1;
  const ask = () => {
    asked += 1;
    queue.push(request(source, source.dialect.reads.page(base, expression, { number: asked, size: settings.pageSize }), asked, settings.deletions()));
  };
  try {
    ask();
    for (let head = queue.shift(); head !== undefined; head = queue.shift()) {
      const page = await head.answer;
      // A later page can announce more pages (rows inserted meanwhile): those are read too.
      pages = Math.max(pages, page.pages);
      while (asked < pages && queue.length < settings.readAhead) ask();
      yield { page, since: head.since };
      // Back here when the consumer wants more than this page: the next page, if not asked for yet.
      if (queue.length === 0 && asked < pages) ask();
    }
  } finally {
    for (const pending of queue) pending.cancel();
  }
}

function request(source: PageSource, url: string, number: number, since: number): Pending {
  let subscription: Subscription | undefined;
  const answer = new Promise<Page>((resolve, reject) => {
    subscription = fetchPage(source, url, number).subscribe({ next: resolve, error: reject });
  });
  // A page the loop never reaches (it left first) must not be an unhandled rejection.
  answer.catch(() => undefined);
  return { answer, since, cancel: () => subscription?.unsubscribe() };
}
