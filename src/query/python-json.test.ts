import { describe, expect, it } from 'vitest';
import { recordedDatamodel, recordedDatamodelBody } from '../../mocks/datamodel.js';
import { FLASK_DUMPS, FLASK_JSONIFY, PYTHON_DEFAULT, PyFloat, pyDumps, pyFloatRepr } from './python-json.js';

describe('pyDumps', () => {
  it('writes the recorded datamodel body byte for byte', () => {
    expect(pyDumps(recordedDatamodel, PYTHON_DEFAULT)).toBe(recordedDatamodelBody);
  });

  it('writes jsonify output: compact, keys sorted by code point', () => {
    expect(pyDumps({ b: 1, a: [true, null], 'é': 'x', Z: 2 }, FLASK_JSONIFY)).toBe('{"Z":2,"a":[true,null],"b":1,"\\u00e9":"x"}');
    expect(pyDumps({ b: 1, a: 2 }, FLASK_DUMPS)).toBe('{"a": 2, "b": 1}');
  });

  it('escapes everything outside printable ASCII, as ensure_ascii does', () => {
    expect(pyDumps('Zoë 😀 \u007f\n"\\', FLASK_JSONIFY)).toBe('"Zo\\u00eb \\ud83d\\ude00 \\u007f\\n\\"\\\\"');
  });

  it('prints floats as Python does', () => {
    expect(pyDumps([new PyFloat(7), 1.5, new PyFloat(1e16)], FLASK_JSONIFY)).toBe('[7.0,1.5,1e+16]');
    expect([pyFloatRepr(0.0001), pyFloatRepr(0.00001), pyFloatRepr(123.456), pyFloatRepr(-0), pyFloatRepr(1.5e-7), pyFloatRepr(2.5e100)]).toEqual([
      '0.0001',
      '1e-05',
      '123.456',
      '-0.0',
      '1.5e-07',
      '2.5e+100',
    ]);
  });
});
