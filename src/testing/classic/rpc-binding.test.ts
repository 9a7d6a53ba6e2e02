import { describe, expect, it } from 'vitest';
import type { MethodDef } from '../../schema/datamodel.js';
import { PythonError } from './python-error.js';
import { bindArguments } from './rpc-binding.js';

const signature = (args: string[], kwargs: string[] = [], argsvar: string | null = null, kwargsvar: string | null = null): MethodDef => ({ name: 'm', args, kwargs, argsvar, kwargsvar });

/** The TypeError message Python raises for this call (each one checked on the reference server). */
function typeError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (PythonError.is(error) && error.pythonClass === 'TypeError') return error.pythonMessage;
    throw error;
  }
  throw new Error('no TypeError');
}

describe('bindArguments (Python 3.11 binding of a bound method)', () => {
  it('binds positionals and keywords by parameter name, leaving unpassed defaults out', () => {
    expect(bindArguments('Person.greet', signature(['greeting', 'other_name']), ['Hi'], { other_name: 'Bob' })).toEqual({ greeting: 'Hi', other_name: 'Bob' });
    expect(bindArguments('Person.describe', signature([], ['prefix', 'suffix']), [], { suffix: '?' })).toEqual({ suffix: '?' });
    expect(bindArguments('Person.describe', signature([], ['prefix', 'suffix']), ['P'], {})).toEqual({ prefix: 'P' });
  });

  it('collects extra positionals in *args and extra keywords in **kwargs, always present', () => {
    const echo = signature(['first'], ['second'], 'args', 'kwargs');
    expect(bindArguments('Person.echo', echo, [1, 20, 300, 'x'], { k: [true, null] })).toEqual({ first: 1, second: 20, args: [300, 'x'], kwargs: { k: [true, null] } });
    expect(bindArguments('Person.echo', echo, [1], {})).toEqual({ first: 1, args: [], kwargs: {} });
    // A keyword named like the *args parameter is just another extra keyword.
    expect(bindArguments('Person.echo', echo, [1, 2, 3], { args: 5 })).toEqual({ first: 1, second: 2, args: [3], kwargs: { args: 5 } });
  });

  it('names missing required arguments as CPython does (one, two, three)', () => {
    expect(typeError(() => bindArguments('Person.speak', signature(['what_to_say']), [], {}))).toBe("Person.speak() missing 1 required positional argument: 'what_to_say'");
    expect(typeError(() => bindArguments('Person.greet', signature(['greeting', 'other_name']), [], {}))).toBe("Person.greet() missing 2 required positional arguments: 'greeting' and 'other_name'");
    expect(typeError(() => bindArguments('T.f', signature(['a', 'b', 'c']), [], { b: 1 }))).toBe("T.f() missing 2 required positional arguments: 'a' and 'c'");
    expect(typeError(() => bindArguments('T.f', signature(['a', 'b', 'c']), [], {}))).toBe("T.f() missing 3 required positional arguments: 'a', 'b', and 'c'");
  });

  it('counts self among the positionals when there are too many', () => {
    expect(typeError(() => bindArguments('Person.count_computers', signature([]), [1], {}))).toBe('Person.count_computers() takes 1 positional argument but 2 were given');
    expect(typeError(() => bindArguments('Person.greet', signature(['greeting', 'other_name']), ['a', 'b', 'c'], {}))).toBe('Person.greet() takes 3 positional arguments but 4 were given');
    expect(typeError(() => bindArguments('Person.describe', signature([], ['prefix', 'suffix']), [1, 2, 3], {}))).toBe('Person.describe() takes from 1 to 3 positional arguments but 4 were given');
  });

  it('checks keywords first: unexpected, then given twice (self included), before counting positionals', () => {
    expect(typeError(() => bindArguments('Person.speak', signature(['what_to_say']), ['a', 'b'], { loud: true }))).toBe("Person.speak() got an unexpected keyword argument 'loud'");
    expect(typeError(() => bindArguments('Person.speak', signature(['what_to_say']), ['a', 'b'], { what_to_say: 1 }))).toBe("Person.speak() got multiple values for argument 'what_to_say'");
    expect(typeError(() => bindArguments('Person.speak', signature(['what_to_say']), [], { self: 1, what_to_say: 'z' }))).toBe("Person.speak() got multiple values for argument 'self'");
    expect(typeError(() => bindArguments('Person.greet', signature(['greeting', 'other_name']), ['a'], { zz: 1, other_name: 'q' }))).toBe("Person.greet() got an unexpected keyword argument 'zz'");
  });

  it('uses the qualified name it is given (the class that defines the method)', () => {
    expect(typeError(() => bindArguments('Employee.work', signature([]), [1], {}))).toBe('Employee.work() takes 1 positional argument but 2 were given');
  });
});
