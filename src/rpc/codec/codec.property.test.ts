import { describe, expect, it } from 'vitest';
import { Codec } from './codec.js';
import type { PyDateTime } from './py-datetime.js';
import { PythonValues, prng } from '../../../test/support/python-values.js';

/**
 * Random nested values round-trip exactly: decode(encode(v)) equals v, and encoding the decoded
 * value gives the same bytes. A hand-rolled generator over a seeded PRNG (no dependency); a failure
 * names its seed and case, so it can be replayed.
 */

const SEED = 0x5eed_c0de;
const CASES = 600;

describe('Codec round trips (property)', () => {
  it(`returns ${CASES} random nested values exactly, with stable bytes (seed ${SEED})`, () => {
    const generate = new PythonValues(prng(SEED));
    const codec = new Codec();
    let bytes = 0;
    for (let index = 0; index < CASES; index++) {
      const value = generate.value(0);
      const hex = codec.encode(value);
      const back = codec.decode(hex);
      expect(back, `case ${index} of seed ${SEED}`).toStrictEqual(value);
      expect(codec.encode(back), `case ${index} of seed ${SEED}`).toBe(hex);
      expect(codec.decodeCall(codec.encodeCall([value], { value })), `call ${index}`).toStrictEqual({ args: [value], kwargs: { value } });
      bytes += hex.length / 2;
    }
    expect(bytes).toBeGreaterThan(100_000); // the cases are not trivially small
  });

  it(`returns JS Dates to the second through their naive wall clock (seed ${SEED})`, () => {
    const generate = new PythonValues(prng(SEED + 1));
    for (const timeZone of ['UTC', 'Asia/Tokyo']) {
      const codec = new Codec({ timeZone });
      for (let index = 0; index < 200; index++) {
        const instant = new Date(generate.int(0, 4_102_444_800) * 1000 + generate.int(0, 999));
        const back = codec.decode(codec.encode(instant)) as PyDateTime;
        expect(back.naive).toBe(true);
        expect(back.toDate(timeZone).getTime(), `${timeZone} case ${index}`).toBe(Math.floor(instant.getTime() / 1000) * 1000);
      }
    }
  });
});
