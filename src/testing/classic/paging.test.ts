import { describe, expect, it } from 'vitest';
import { linkHeader, pageNumber, pageWindow, pySlice, resultsPerPage, sliceQuery } from './paging.js';

const rows = ['a', 'b', 'c', 'd', 'e'];

describe('paging parameters, as Flask-Restless 0.17 reads them', () => {
  it('falls back to the default page size for anything but a positive integer, and caps it', () => {
    expect([null, '0', '-3', 'abc', '2.5', ' 4 ', '1_0', '1000'].map((raw) => resultsPerPage(raw, 10, 100))).toEqual([10, 10, 10, 10, 10, 4, 10, 100]);
  });

  it('reads page with Python int(): a bad page is an error (HTML 500 on the server)', () => {
    expect([pageNumber(null), pageNumber('2'), pageNumber('-1'), pageNumber('abc'), pageNumber('')]).toEqual([1, 2, -1, undefined, undefined]);
  });
});

describe('page windows', () => {
  it('slice 1-based pages; page 0 is empty; a negative page is a Python slice (recorded)', () => {
    const slice = (page: number) => {
      const window = pageWindow(rows.length, page, 2);
      return sliceQuery(rows, undefined, undefined, window.start, window.stop);
    };
    expect([slice(1), slice(3), slice(9), slice(0), slice(-1)]).toEqual([['a', 'b'], ['e'], [], [], ['b', 'c']]);
  });

  it('page inside the search window: limit 3, 2 per page, page 2 (recorded)', () => {
    const window = pageWindow(3, 2, 2);
    expect(sliceQuery(rows, 3, undefined, window.start, window.stop)).toEqual(['c']);
    expect(sliceQuery(rows, 2, 1, 0, 2)).toEqual(['b', 'c']);
  });

  it('count total pages and write the Link header (next only when there is one)', () => {
    expect(linkHeader('http://x/api/person', pageWindow(5, 1, 2))).toBe('<http://x/api/person?page=2&results_per_page=2>; rel="next", <http://x/api/person?page=3&results_per_page=2>; rel="last"');
    expect(linkHeader('http://x/api/person', pageWindow(0, 1, 10))).toBe('<http://x/api/person?page=0&results_per_page=10>; rel="last"');
  });

  it('slices like Python', () => {
    expect([pySlice(rows, -4, -2), pySlice(rows, -2, 0), pySlice(rows, 3, 99), pySlice(rows, -99, 1)]).toEqual([['b', 'c'], [], ['d', 'e'], ['a']]);
  });
});
