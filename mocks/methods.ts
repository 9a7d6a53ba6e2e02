/**
 * The reference app's model methods and properties (test/server/models.py), in JavaScript for the
 * emulator: the same results, the same exceptions, the same session effects. Each one mirrors its
 * Python line for line; where Python's behaviour shows through (str() of None, AttributeError on a
 * missing birth date), it is reproduced rather than improved.
 */
import { pythonTypeName } from '../src/testing/classic/python-type.js';
import type { WireValue } from '../src/query/expression.js';
import { PyDate, PyDateTime } from '../src/index.js';
import { PythonError, type RpcMethods, type RpcProperties, type RpcRow, type RpcSession } from '../src/testing/index.js';

/** Person, Employee, Manager, Computer and TypeZoo methods, as models.py defines them. */
export const referenceMethods: RpcMethods = {
  Person: {
    speak: (_self, { what_to_say }) => `Errr... uh... ehm... ${str(what_to_say)}?`,
    greet: (self, { greeting, other_name }) => `${str(greeting)}, ${str(other_name)}! I am ${str(self['name'])}.`,
    describe: (self, { prefix = 'Person', suffix = '!' }) => `${str(prefix)} ${str(self['name'])}${str(suffix)}`,
    echo: (_self, { first, second = 2, args, kwargs }) => ({ first, second, args, kwargs }),
    owns: (self, { computer }, session) => {
      // getattr(computer, name, None): a plain dict has no attributes, only a row does.
      const row = session.modelOf(computer) === undefined ? undefined : (computer as RpcRow);
      return {
        arg_type: session.modelOf(computer) ?? typeName(computer),
        arg_id: row?.['id'] ?? null,
        arg_name: row?.['name'] ?? null,
        owned: (row?.['owner_id'] ?? null) === self['id'],
      };
    },
    first_computer: (self, _args, session) => computersOf(self, session)[0] ?? null,
    all_computers: (self, _args, session) => computersOf(self, session),
    last_purchase: (self, _args, session) => {
      const times = computersOf(self, session).map((computer) => computer['purchase_time']).filter((time): time is string => typeof time === 'string' && time !== '');
      return times.length === 0 ? null : dateTimeOf(times.reduce((latest, time) => (time > latest ? time : latest)));
    },
    birth_noon_utc: (self) => {
      const born = birthDate(self, 'year');
      return new PyDateTime(born.year, born.month, born.day, 12, 0, 0, 'UTC');
    },
    birthday_in: (self, { year }) => {
      const born = birthDate(self, 'replace');
      if (typeof year !== 'number' || !Number.isInteger(year)) throw new PythonError('TypeError', `'${typeName(year)}' object cannot be interpreted as an integer`);
      if (year < 1 || year > 9999) throw new PythonError('ValueError', `year ${year} is out of range`);
      if (born.month === 2 && born.day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) throw new PythonError('ValueError', 'day is out of range for month');
      return new PyDate(year, born.month, born.day);
    },
    // A Python set iterates in hash order; for the seed's vendors that is the insertion order here.
    vendors: (self, _args, session) => new Set(computersOf(self, session).map((computer) => computer['vendor'] ?? null)),
    summary: (self, _args, session) => {
      const computers = computersOf(self, session);
      return { name: self['name'] ?? null, computer_names: computers.map((computer) => computer['name'] ?? null), n: computers.length };
    },
    nothing: () => null,
    explode: (self) => {
      throw new PythonError('ValueError', `Kaboom from ${str(self['name'])}`);
    },
    rename: (self, { new_name }) => {
      // Kept only if the DataModel commits on method return.
      self['name'] = new_name as WireValue;
      return self['name'];
    },
    count_computers: (self, _args, session) => session.toMany(self, 'computers').length,
  },
  Employee: {
    work: (self) => `${str(self['name'])} works`,
    myself: (self) => self,
  },
  Manager: {
    manage: (self, { whom }) => `${str(self['name'])} manages ${str(whom)}`,
  },
  Computer: {
    label: (self) => `${str(self['name'])} (${str(self['vendor'])})`,
  },
  TypeZoo: {
    get_row: (self) => self,
  },
};

/** Person's read-only `name_upper` and settable `nickname`. */
export const referenceProperties: RpcProperties = {
  Person: {
    name_upper: {
      get: (self) => {
        const name = self['name'] ?? null;
        if (typeof name !== 'string') throw new PythonError('AttributeError', `'${typeName(name)}' object has no attribute 'upper'`);
        return name.toUpperCase();
      },
    },
    nickname: {
      get: (self) => self['name'] ?? null,
      set: (self, value) => {
        self['name'] = value as WireValue;
      },
    },
  },
};

/** `self.computers.order_by(Computer.id)`. */
function computersOf(self: RpcRow, session: RpcSession): RpcRow[] {
  return [...session.toMany(self, 'computers')].sort((a, b) => Number(a['id']) - Number(b['id']));
}

/** `self.birth_date`, which is None for Dave: Python fails on the first attribute it reads. */
function birthDate(self: RpcRow, attribute: string): PyDate {
  const value = self['birth_date'] ?? null;
  if (typeof value !== 'string') throw new PythonError('AttributeError', `'NoneType' object has no attribute '${attribute}'`);
  const [year = 0, month = 0, day = 0] = value.split('-').map(Number);
  return new PyDate(year, month, day);
}

/** A stored datetime (`2021-07-14T08:00:05`, maybe with microseconds) as the naive datetime Python holds. */
function dateTimeOf(text: string): PyDateTime {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = text.split(/[-T:.]/).map(Number);
  return new PyDateTime(year, month, day, hour, minute, second);
}

/** `str(value)` / `"{}".format(value)` for the values these methods meet. */
function str(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/** `type(value).__name__` of a decoded argument that is not a row. */
/** `type(value).__name__`; what the codec decodes is a built-in type or a dict. */
function typeName(value: unknown): string {
  return pythonTypeName(value) ?? 'dict';
}
