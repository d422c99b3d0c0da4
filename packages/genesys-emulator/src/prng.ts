import { createHash } from 'node:crypto';

// Local aliases: Jest runs the emulator in a vm context, where every global
// lookup is slow, and these run for every conversation.
const { PI, abs, cos, exp, floor, imul, log, sqrt } = Math;

/** A deterministic random source returning floats in [0, 1). */
export type Random = () => number;

/** sfc32 seeded from the SHA-256 of `key`: same key, same sequence. */
export function seededRandom(key: string): Random {
  const [a, b, c, d] = seedWords(key);
  return sfc32(a, b, c, d);
}

/** Four 32-bit words from the SHA-256 of `key`, to seed many generators cheaply with {@link saltedRandom}. */
export function seedWords(key: string): [number, number, number, number] {
  const digest = createHash('sha256').update(key).digest();
  return [
    digest.readUInt32LE(0),
    digest.readUInt32LE(4),
    digest.readUInt32LE(8),
    digest.readUInt32LE(12),
  ];
}

/**
 * A generator for (`words`, `salt`) without hashing a string: the salt (e.g. a
 * bucket number) is mixed into each word, so neighbouring salts give unrelated sequences.
 */
export function saltedRandom(
  words: readonly [number, number, number, number],
  salt: number,
): Random {
  const s = fmix32(salt >>> 0) ^ fmix32(floor(salt / 4294967296));
  // The state is already avalanche-mixed, so a short warm-up is enough.
  return sfc32(
    fmix32(words[0] ^ s),
    fmix32(words[1] ^ fmix32(s + 0x9e3779b9)),
    fmix32(words[2] ^ fmix32(s + 0x3c6ef372)),
    fmix32(words[3] ^ fmix32(s + 0xdaa66d2b)),
    4,
  );
}

function sfc32(
  seedA: number,
  seedB: number,
  seedC: number,
  seedD: number,
  warmUp = 12,
): Random {
  let a = seedA;
  let b = seedB;
  let c = seedC;
  let d = seedD;
  const next: Random = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs, which are weakly mixed.
  for (let i = 0; i < warmUp; i++) next();
  return next;
}

/** MurmurHash3's 32-bit finalizer. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A standard normal sample (Box-Muller). */
export function normal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return sqrt(-2 * log(u)) * cos(2 * PI * v);
}

/**
 * A Poisson sample: Knuth's product method for small means, Hörmann's PTRS
 * (transformed rejection, as NumPy does) from 10 up, so a mean of 60,000 costs a few draws.
 */
export function poisson(random: Random, lambda: number): number {
  if (!(lambda > 0)) return 0;
  return lambda < 10
    ? poissonKnuth(random, lambda)
    : poissonPtrs(random, lambda);
}

function poissonKnuth(random: Random, lambda: number): number {
  const limit = exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k += 1;
    p *= random();
  } while (p > limit);
  return k - 1;
}

function poissonPtrs(random: Random, lambda: number): number {
  const slam = sqrt(lambda);
  const loglam = log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - abs(u);
    const k = floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      log(v) + log(invalpha) - log(a / (us * us) + b) <=
      -lambda + k * loglam - logGamma(k + 1)
    ) {
      return k;
    }
  }
}

const LOG_GAMMA_SERIES = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4,
  -5.952380952380952e-4, 8.417508417508418e-4, -1.917526917526918e-3,
  6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1,
  -1.3924322169059,
];

/** ln Γ(x) for x > 0 (Stirling series, shifted up for small x). */
function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const shift = x < 7 ? floor(7 - x) : 0;
  let x0 = x + shift;
  const x2 = 1 / (x0 * x0);
  let series = LOG_GAMMA_SERIES[9];
  for (let k = 8; k >= 0; k--) series = series * x2 + LOG_GAMMA_SERIES[k];
  let result = series / x0 + 0.5 * log(2 * PI) + (x0 - 0.5) * log(x0) - x0;
  for (let k = 0; k < shift; k++) {
    x0 -= 1;
    result -= log(x0);
  }
  return result;
}

/** Formats 16 bytes as an RFC 4122 UUID with the given version nibble. */
export function formatUuid(bytes: Buffer, version: number): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | (version << 4);
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).padStart(2, '0'),
);

function hex32(word: number): string {
  return (
    HEX_BYTES[word >>> 24] +
    HEX_BYTES[(word >>> 16) & 0xff] +
    HEX_BYTES[(word >>> 8) & 0xff] +
    HEX_BYTES[word & 0xff]
  );
}

/** w1 of a UUID's words (see {@link uuidFromWords}) with the version nibble set to 4. */
export function withUuidVersion4(w1: number): number {
  return ((w1 & 0xffff0fff) | 0x4000) >>> 0;
}

/** w2 of a UUID's words with the RFC 4122 variant bits. */
export function withUuidVariant(w2: number): number {
  return ((w2 & 0x3fffffff) | 0x80000000) >>> 0;
}

/**
 * The UUID whose 32 hex digits are w0..w3 in order, so comparing the words
 * numerically orders the UUIDs exactly as comparing their strings would.
 */
export function uuidFromWords(
  w0: number,
  w1: number,
  w2: number,
  w3: number,
): string {
  const middle = hex32(w1);
  const tail = hex32(w2);
  return `${hex32(w0)}-${middle.slice(0, 4)}-${middle.slice(4)}-${tail.slice(
    0,
    4,
  )}-${tail.slice(4)}${hex32(w3)}`;
}

const HEX_CODES = [...'0123456789abcdef'].map(c => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
// Where uuidFromWords puts its dashes: after these many hex digits.
const DASH_AFTER = new Set([8, 12, 16, 20]);

/** {@link fnv1a} of `uuidFromWords(w0, w1, w2, w3)`, without building the string. */
export function fnv1aOfUuidWords(
  w0: number,
  w1: number,
  w2: number,
  w3: number,
): number {
  const words = [w0, w1, w2, w3];
  let hash = 0x811c9dc5;
  for (let digit = 0; digit < 32; digit++) {
    if (DASH_AFTER.has(digit)) hash = imul(hash ^ DASH, 0x01000193);
    const nibble = (words[digit >> 3] >>> (28 - (digit % 8) * 4)) & 0xf;
    hash = imul(hash ^ HEX_CODES[nibble], 0x01000193);
  }
  return hash >>> 0;
}

/** 32-bit FNV-1a hash, used for sticky variant assignment. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
