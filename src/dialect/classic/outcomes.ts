/**
 * What a failed write on the classic server says about whether it was applied. The classic server
 * commits before it serializes the answer, so even its 500s (HTML, JSON or empty) can follow an
 * applied write: the shared rules of dialect/http-outcomes.ts, in the classic server's words.
 */
import { httpOutcomes } from '../http-outcomes.js';

export { certainlyNotApplied, outcomeUnknown } from '../http-outcomes.js';

export const classicOutcomes = httpOutcomes({ server: 'the classic server', made: 'row', htmlPage: 'its HTML error page' });
