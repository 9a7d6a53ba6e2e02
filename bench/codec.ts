/**
 * RPC codec benchmark (printed, never asserted): encode and decode of a ~1 MB nested payload by
 * the cereal-lazer `Codec` (msgpack + hex, with its tag handling), divided by plain
 * @msgpack/msgpack plus the same hex step on the same data. Target: at most 1.5x.
 * The data holds only types both handle alike (no integral floats, no tags), so the two outputs
 * are compared byte for byte first.
 * Run: npx tsx bench/codec.ts
 */
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { Codec } from '../src/codec.js';
import { bytesToHex, hexToBytes } from '../src/rpc/codec/hex.js';
import { result } from './result.js';

function payload(): unknown {
  const rows = [];
  for (let i = 0; i < 6000; i += 1) {
    rows.push({
      id: i,
      name: `row number ${i} with some text`,
      score: i + 0.25,
      negative: -(i + 1) * 1000,
      flags: [i % 2 === 0, null, i % 3 === 0],
      tags: ['alpha', 'beta', `gamma-${i % 17}`],
      nested: { depth: { deeper: { value: i * 1.5 + 0.1, label: 'é ünïcödé ✓' } } },
    });
  }
  return { rows, total: rows.length, note: 'x'.repeat(1000) };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(work: () => unknown, runs: number): number {
  for (let i = 0; i < 5; i += 1) work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const value = payload();
const codec = new Codec();
const ours = codec.encode(value);
const plain = bytesToHex(msgpackEncode(value));
if (ours !== plain) throw new Error('the codec and @msgpack/msgpack wrote different bytes for the benchmark data');
const bytes = ours.length / 2;

const RUNS = 30;
const encodeOurs = time(() => codec.encode(value), RUNS);
const encodePlain = time(() => bytesToHex(msgpackEncode(value)), RUNS);
const decodeOurs = time(() => codec.decode(ours), RUNS);
const decodePlain = time(() => msgpackDecode(hexToBytes(plain)), RUNS);

console.log(`codec, ${(bytes / 1e6).toFixed(2)} MB of msgpack (${(ours.length / 1e6).toFixed(2)} MB hex), median of ${RUNS} runs:`);
result({ measure: `RPC codec encode / decode, ${(bytes / 1e6).toFixed(1)} MB msgpack`, result: `${(encodeOurs / encodePlain).toFixed(2)} x / ${(decodeOurs / decodePlain).toFixed(2)} x plain @msgpack/msgpack + hex`, target: '<= 1.5 x' });
console.log(`  encode ${encodeOurs.toFixed(1)} ms vs @msgpack/msgpack + hex ${encodePlain.toFixed(1)} ms = ${(encodeOurs / encodePlain).toFixed(2)} x (target <= 1.5 x)`);
console.log(`  decode ${decodeOurs.toFixed(1)} ms vs @msgpack/msgpack + hex ${decodePlain.toFixed(1)} ms = ${(decodeOurs / decodePlain).toFixed(2)} x (target <= 1.5 x)`);
