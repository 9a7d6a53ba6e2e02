import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import type { MethodDef } from '../schema/datamodel.js';
import { checkArguments, describeSignature } from './bind-arguments.js';

const method = (args: string[], kwargs: string[] = [], argsvar: string | null = null, kwargsvar: string | null = null): MethodDef => ({ name: 'm', args, kwargs, argsvar, kwargsvar });
const check = (def: MethodDef, args: unknown[], kwargs: Record<string, unknown> = {}) => () => checkArguments({ model: 'Person', method: def }, args, kwargs);

describe('checkArguments binds as Python does', () => {
  it('accepts required names by position or keyword, and defaulted names left out', () => {
    const def = method(['a', 'b'], ['c']);
    expect(check(def, [1, 2])).not.toThrow();
    expect(check(def, [1], { b: 2 })).not.toThrow();
    expect(check(def, [], { a: 1, b: 2, c: 3 })).not.toThrow();
    expect(check(def, [1, 2, 3])).not.toThrow();
  });

  it('names every missing required argument', () => {
    expect(check(method(['a', 'b']), [])).toThrow('Person.m(a, b) is missing 2 required arguments: "a", "b"');
    expect(check(method(['a', 'b']), [], { b: 1 })).toThrow('is missing 1 required argument: "a"');
  });

  it('refuses too many positionals unless there is *args', () => {
    expect(check(method(['a']), [1, 2])).toThrow('Person.m(a) takes 1 positional argument but 2 were given');
    expect(check(method(['a'], ['b']), [1, 2, 3])).toThrow('takes from 1 to 2 positional arguments but 3 were given');
    expect(check(method(['a'], [], 'rest'), [1, 2, 3])).not.toThrow();
  });

  it('refuses unknown keywords unless there is **kwargs, and a name given twice', () => {
    expect(check(method(['a']), [1], { z: 1 })).toThrow('got an unexpected keyword argument "z"');
    expect(check(method(['a'], [], null, 'options'), [1], { z: 1 })).not.toThrow();
    expect(check(method(['a'], [], null, 'options'), [1], { a: 2 })).toThrow('got multiple values for argument "a"');
  });

  it('raises ValidationError naming the model and the method', () => {
    try {
      check(method(['a']), [])();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).model).toBe('Person');
      expect((error as ValidationError).field).toBe('m');
    }
  });

  it('describes a signature the way Python writes it', () => {
    expect(describeSignature(method(['first'], ['second'], 'args', 'kwargs'))).toBe('first, second=..., *args, **kwargs');
  });
});
