/**
 * What a failed write on Flask-Restless-NG says about whether it was applied. NG commits before it
 * serializes its answer, and Flask answers any exception as an HTML 500 (README fact 12), so a 5xx
 * can follow an applied write; its 4xx error documents (400, 403, 404, 405, 406, 409, 415) are
 * refusals before anything was written: the shared rules of dialect/http-outcomes.ts.
 */
import { httpOutcomes } from '../http-outcomes.js';

export const jsonapiOutcomes = httpOutcomes({ server: 'Flask-Restless-NG', made: 'resource', htmlPage: 'an HTML error page' });
