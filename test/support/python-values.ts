/**
 * Random Python-shaped values for property tests of the RPC codec (here and through the real
 * server): a hand-rolled generator over a seeded PRNG (no dependency), so a failing case can be
 * replayed from its seed.
 */
import { PyClass } from '../../src/rpc/codec/py-class.js';
import { PyDate } from '../../src/rpc/codec/py-date.js';
import { PyDateTime } from '../../src/rpc/codec/py-datetime.js';

/** mulberry32: small, fast, and good enough to spread cases. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class PythonValues {
  constructor(readonly random: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  value(depth: number): unknown {
    const containers = depth < 4 && this.random() < 0.45 - depth * 0.1;
    if (containers) {
      switch (this.int(0, 2)) {
        case 0:
          return Array.from({ length: this.pick([0, 1, 3, 8, 17]) }, () => this.value(depth + 1));
        case 1: {
          const dict: Record<string, unknown> = {};
          for (let i = this.pick([0, 1, 4, 16]); i > 0; i--) dict[this.string(12)] = this.value(depth + 1);
          return dict;
        }
        default:
          return new Set(Array.from({ length: this.int(0, 6) }, () => this.hashable()));
      }
    }
    return this.random() < 0.7 ? this.hashable() : this.pick([() => this.bytes(), () => null, () => this.random() < 0.5])();
  }

  /** What a Python set may hold. */
  hashable(): unknown {
    switch (this.int(0, 9)) {
      case 0: return this.int(-40, 200);
      case 1: return this.int(-(2 ** 31) - 5, 2 ** 32 + 5);
      case 2: return this.pick([1, -1]) * this.int(2 ** 32, Number.MAX_SAFE_INTEGER);
      case 3: return this.pick([1n, -1n]) * (BigInt(Number.MAX_SAFE_INTEGER) + BigInt(this.int(1, 2 ** 30)) * 2n ** 20n);
      case 4: return this.float();
      case 5: return this.string(this.pick([3, 20, 40, 300]));
      case 6: return this.date();
      case 7: return this.datetime();
      case 8: return new PyClass(`K${this.int(0, 99)}`);
      default: return this.string(8);
    }
  }

  float(): number {
    const special = [-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, Number.MAX_VALUE, 0.1];
    if (this.random() < 0.15) return this.pick(special);
    const value = (this.random() - 0.5) * 10 ** this.int(-8, 12);
    return Number.isSafeInteger(value) ? value + 0.5 : value;
  }

  string(maxLength: number): string {
    const pieces = ['a', 'z', '_', ' ', '0', 'é', 'ß', 'Ж', '中', 'ﬁ', '😀', '\u0000', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff'];
    let text = '';
    for (let i = this.int(0, maxLength); i > 0; i--) text += this.random() < 0.6 ? String.fromCharCode(this.int(0x20, 0x7e)) : this.pick(pieces);
    // The two cereal tag keys and __proto__ are refused as dict keys, by design.
    return text.startsWith('__') ? `x${text}` : text;
  }

  bytes(): Uint8Array {
    return Uint8Array.from({ length: this.pick([0, 1, 5, 255, 256, 700]) }, () => this.int(0, 255));
  }

  date(): PyDate {
    const year = this.int(1, 9999);
    const month = this.int(1, 12);
    return new PyDate(year, month, this.int(1, month === 2 ? 28 : 30));
  }

  datetime(): PyDateTime {
    const day = this.date();
    const zone = this.pick([null, null, 'UTC', 'Europe/Brussels', 'America/New_York', 'Asia/Kolkata']);
    return new PyDateTime(day.year, day.month, day.day, this.int(0, 23), this.int(0, 59), this.int(0, 59), zone);
  }
}

