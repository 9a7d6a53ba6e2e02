/**
 * NG 3.3.0's media type rules (errors.md #35 to #44, write.md #59, relationships.md #45): an
 * `Accept` header, when given, must list `application/vnd.api+json` (`*\/*` and
 * `application/json` alone are a 406), and at least one such entry must come without a `q`
 * parameter (other parameters pass: the reverse of the spec). A POST or PATCH body needs exactly
 * `Content-Type: application/vnd.api+json` (a parameter, another type or none is a 415); DELETE
 * bodies are not checked.
 */
import { failWith } from './request-failure.js';
import { JSONAPI, errorResponse } from './responses.js';

export function checkMediaTypes(request: Request): void {
  const accept = request.headers.get('accept');
  if (accept !== null) {
    const entries = accept.split(',').map((entry) => entry.split(';').map((part) => part.trim()));
    const ours = entries.filter(([type]) => type === JSONAPI);
    if (ours.length === 0) failWith(errorResponse(406, { detail: `Accept header, if specified, must be the JSON API media type: ${JSONAPI}` }));
    if (ours.every((parts) => parts.slice(1).some((parameter) => /^q\s*=/.test(parameter)))) {
      failWith(
        errorResponse(406, {
          detail:
            'Accept header contained JSON API content type, but each instance occurred with media type parameters; at least one instance must appear without parameters (the part after the semicolon)',
        }),
      );
    }
  }
  if (request.method !== 'POST' && request.method !== 'PATCH') return;
  const contentType = request.headers.get('content-type');
  const [type = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim());
  if (type === JSONAPI && parameters.length > 0) {
    const shown = parameters.map((parameter) => {
      const [key = '', value = ''] = parameter.split('=');
      return `'${key.trim()}': '${value.trim().replace(/^"|"$/g, '')}'`;
    });
    failWith(errorResponse(415, { detail: `Content-Type header must not have any media type parameters but found {${shown.join(', ')}}` }));
  }
  if (type !== JSONAPI) failWith(errorResponse(415, { detail: `Request must have "Content-Type: ${JSONAPI}" header` }));
}
