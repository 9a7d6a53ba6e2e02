/**
 * The server's first pass over a search (Flask-Restless 0.17 `API._search`): for each TOP-LEVEL
 * filter that has both `name` and `val`, if the named column is a Date or DateTime, the value goes
 * through `strings_to_dates` (dateutil; `""` becomes None; `CURRENT_DATE`/`CURRENT_TIMESTAMP` become
 * SQL functions). This pass runs outside the server's try block, so most of what goes wrong in it
 * is an HTML 500, not a 400; only a date dateutil cannot read is caught (400).
 *
 * Converted values come out in SQLite's storage form (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS.ffffff`),
 * which is what the database then compares with; values nested in `or`/`and`/`has`/`any` are
 * left alone, as on the server.
 */
import { pythonTypeName } from './python-type.js';
import type { Datamodel, ModelDef } from '../../schema/datamodel.js';
import type { WireValue } from '../../query/expression.js';
import { parseTimestamp, storageDate, storageDatetime, utcTimestamp } from '../../schema/temporal.js';
import type { ColumnProxies } from '../core/field-kind.js';
import { classifyField } from '../core/field-kind.js';
import { isPyDict, pyContains } from './python-semantics.js';
import { serverError, unconstructable, unsupported } from './query-rejection.js';

/** What the pass needs besides the filters. */
export interface ConvertContext {
  readonly model: ModelDef;
  readonly datamodel: Datamodel;
  readonly proxies: ColumnProxies;
  readonly now: () => Date;
  /** Set when a value becomes something SQLite fails on when the query runs. */
  failWhenRun(detail: string): void;
}

/** Returns the top-level filters with their date values converted; throws a `Refusal`. */
export function convertTopLevelDates(filters: readonly WireValue[], ctx: ConvertContext): WireValue[] {
  return filters.map((param) => convertOne(param, ctx));
}

function convertOne(param: WireValue, ctx: ConvertContext): WireValue {
  const hasName = pyContains(param, 'name');
  if (hasName === undefined) throw serverError(`TypeError: argument of type '${pyTypeName(param)}' is not iterable`);
  if (!hasName || !pyContains(param, 'val')) return param;
  if (!isPyDict(param)) throw serverError(`TypeError: ${pyTypeName(param)} indices must be integers`);
  const name = param['name'];
  const { model, field } = conversionTarget(name, ctx);
  const value = param['val'] ?? null;
  const kind = classifyField(model, field, ctx.datamodel, ctx.proxies);
  if (kind.kind === 'unknown') throw serverError(`AttributeError: type object '${model.name}' has no attribute '${field}'`);
  // Only real Date/DateTime columns are converted; SQLAlchemy 1.4 hands proxies and hybrids back
  // as expressions whose type Flask-Restless does not recognise as a date.
  if (kind.kind !== 'column' || value === null) return param;
  const type = kind.attribute.type;
  if (type !== 'date' && type !== 'datetime') return param;
  return { ...param, val: convertDate(value, type, ctx) };
}

/** The model and field whose type decides the conversion (`rel__field` looks at the related model). */
function conversionTarget(name: WireValue | undefined, ctx: ConvertContext): { model: ModelDef; field: string } {
  const dunder = pyContains(name ?? null, '__');
  if (dunder === undefined) throw serverError(`TypeError: argument of type '${pyTypeName(name ?? null)}' is not iterable`);
  if (typeof name !== 'string') {
    throw serverError(dunder ? `AttributeError: '${pyTypeName(name ?? null)}' object has no attribute 'split'` : `TypeError: unhashable type: '${pyTypeName(name ?? null)}'`);
  }
  if (!dunder) return { model: ctx.model, field: name };
  const parts = name.split('__');
  if (parts.length !== 2) throw serverError(`ValueError: too many values to unpack (expected 2)`);
  const [head = '', field = ''] = parts;
  const kind = classifyField(ctx.model, head, ctx.datamodel, ctx.proxies);
  switch (kind.kind) {
    case 'relation':
      return { model: kind.target, field };
    case 'column-proxy':
      return { model: kind.target, field };
    case 'relation-proxy':
    case 'unmapped-proxy':
      throw unsupported(`${ctx.model.name}.${head} is an association proxy; the emulator does not reproduce filters through it`);
    case 'column':
      throw serverError(`AttributeError: Neither 'InstrumentedAttribute' object nor 'Comparator' object associated with ${ctx.model.name}.${head} has an attribute 'mapper'`);
    case 'python-attribute':
    case 'unknown':
      throw serverError(`AttributeError: type object '${ctx.model.name}' has no attribute '${head}'`);
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}

function convertDate(value: WireValue, type: 'date' | 'datetime', ctx: ConvertContext): WireValue {
  if (typeof value !== 'string') throw serverError(`AttributeError: '${pyTypeName(value)}' object has no attribute 'strip'`);
  if (value.trim() === '') return null;
  if (value === 'CURRENT_DATE') return storageDate(utcTimestamp(ctx.now()));
  if (value === 'CURRENT_TIMESTAMP') return storageDatetime(utcTimestamp(ctx.now())).slice(0, 19);
  if (value === 'LOCALTIMESTAMP') {
    ctx.failWhenRun('sqlite3.OperationalError: no such column: LOCALTIMESTAMP');
    return value;
  }
  const parsed = parseTimestamp(value);
  if (parsed === undefined) {
    // dateutil reads more forms than the emulator (a bare year, fuzzy text); without digits it cannot.
    if (/\d/.test(value)) throw unsupported(`the emulator cannot tell whether dateutil parses ${JSON.stringify(value)}; use an ISO 8601 date`);
    throw unconstructable(`dateutil.parser._parser.ParserError: Unknown string format: ${value}`);
  }
  return type === 'date' ? storageDate(parsed) : storageDatetime(parsed);
}

/** The Python type name of a JSON value, for the messages the server would log. */
export function pyTypeName(value: WireValue): string {
  // Every JSON value has a built-in Python type.
  return pythonTypeName(value) ?? 'dict';
}
