import { describe, expect, it } from 'vitest';
import { CodecFault } from './codec-fault.js';
import { bytesToHex, hexToBytes, portableBytesToHex, portableHexToBytes } from './hex.js';

describe('hex', () => {
  const every = Uint8Array.from({ length: 256 }, (_, byte) => byte);

  it('writes lower-case digits with or without Buffer, the same way', () => {
    expect(bytesToHex(Uint8Array.of(0x00, 0x0f, 0xa0, 0xff))).toBe('000fa0ff');
    expect(portableBytesToHex(every)).toBe(bytesToHex(every));
    expect(portableBytesToHex(every.subarray(250))).toBe('fafbfcfdfeff');
    expect(bytesToHex(every.subarray(250))).toBe('fafbfcfdfeff');
    expect(portableBytesToHex(new Uint8Array(0))).toBe('');
  });

  it('reads either case with or without Buffer, the same way', () => {
    const hex = bytesToHex(every);
    expect(hexToBytes(hex)).toEqual(every);
    expect(portableHexToBytes(hex.toUpperCase())).toEqual(every);
    expect(hexToBytes(hex.toUpperCase())).toEqual(every);
  });

  it('finds the first bad digit, wherever it is', () => {
    for (const bad of ['0x00', '00 ff', '00ff\n', 'é0', '00\u{1f600}']) {
      expect(() => hexToBytes(bad)).toThrow(CodecFault);
      expect(() => portableHexToBytes(bad)).toThrow(CodecFault);
    }
    expect(() => hexToBytes('00fg')).toThrow('"g" at index 3 of the hex string is not a hex digit');
  });
});
