import {
  fnv1aOfUuidWords,
  poisson,
  Random,
  saltedRandom,
  seedWords,
  uuidFromWords,
  withUuidVariant,
  withUuidVersion4,
} from './prng';
import { Arrival } from './trafficConfig';

// Local aliases: Jest runs the emulator in a vm context, where every global
// lookup is slow, and these run for every conversation.
const { PI, cos, floor, log, sin, sqrt } = Math;

/** Conversations are drawn a minute at a time. */
export const BUCKET_MS = 60_000;
/** Conversations (plus one per bucket for its own overhead) the cache holds before dropping the oldest buckets. */
export const MAX_CACHED_DRAWS = 2_000_000;

// Per conversation in `ints`: offset in the bucket (ms), the id's four words, the variant slot.
const INT_STRIDE = 6;
// Per conversation in `floats`: success uniform, latency normal, tokens normal, timeout uniform, timeout-latency uniform.
const FLOAT_STRIDE = 5;

/**
 * The raw random numbers of one minute of one stream, sorted by (time,
 * conversation id). They do not depend on what is deployed: which variant a
 * conversation lands on and how it goes are decided when it is read.
 */
export class DrawBucket {
  constructor(
    readonly start: number,
    readonly count: number,
    private readonly ints: Uint32Array,
    private readonly floats: Float32Array,
  ) {}

  at(i: number): number {
    return this.start + this.ints[i * INT_STRIDE];
  }

  /** The conversation id hashed into [0, 100): the sticky variant choice. */
  slot(i: number): number {
    return this.ints[i * INT_STRIDE + 5];
  }

  conversationId(i: number): string {
    const k = i * INT_STRIDE;
    return uuidFromWords(
      this.ints[k + 1],
      this.ints[k + 2],
      this.ints[k + 3],
      this.ints[k + 4],
    );
  }

  /** The uniform deciding success, in [0, 1). */
  successDraw(i: number): number {
    return this.floats[i * FLOAT_STRIDE];
  }
  latencyNormal(i: number): number {
    return this.floats[i * FLOAT_STRIDE + 1];
  }
  tokensNormal(i: number): number {
    return this.floats[i * FLOAT_STRIDE + 2];
  }
  timeoutDraw(i: number): number {
    return this.floats[i * FLOAT_STRIDE + 3];
  }
  timeoutLatencyDraw(i: number): number {
    return this.floats[i * FLOAT_STRIDE + 4];
  }

  /** Orders conversations of any buckets by time, then id (as the id strings would sort). */
  static compare(a: DrawBucket, i: number, b: DrawBucket, j: number): number {
    const byTime = a.at(i) - b.at(j);
    if (byTime !== 0) return byTime;
    for (let word = 1; word <= 4; word++) {
      const diff =
        a.ints[i * INT_STRIDE + word] - b.ints[j * INT_STRIDE + word];
      if (diff !== 0) return diff;
    }
    return 0;
  }
}

// Most minutes of a quiet stream are empty; they share one bucket.
const EMPTY_BUCKET = new DrawBucket(
  0,
  0,
  new Uint32Array(0),
  new Float32Array(0),
);

/**
 * Draws stream buckets from a PRNG keyed by (seed, prompt, arrival, minute),
 * so any interval gives the same conversations on every run, and keeps the
 * recent ones, bounded by the number of conversations held.
 */
export class DrawCache {
  private readonly streams = new Map<string, StreamDraws>();
  // Insertion order of the cached buckets, oldest first from orderHead.
  private readonly orderStreams: StreamDraws[] = [];
  private readonly orderIndices: number[] = [];
  private orderHead = 0;
  private held = 0;

  constructor(private readonly seed: number) {}

  bucket(stream: StreamDraws, bucketStart: number): DrawBucket {
    const index = bucketStart / BUCKET_MS;
    const cached = stream.buckets.get(index);
    if (cached) return cached;
    const bucket = drawBucket(stream, bucketStart);
    stream.buckets.set(index, bucket);
    this.orderStreams.push(stream);
    this.orderIndices.push(index);
    this.held += bucket.count + 1;
    this.evict();
    return bucket;
  }

  /** The handle of a stream's draws, to look its buckets up with. */
  stream(promptId: string, arrival: Arrival): StreamDraws {
    const key = `${this.seed}|${promptId}|${arrival.key}`;
    let stream = this.streams.get(key);
    if (!stream) {
      stream = { arrival, words: seedWords(key), buckets: new Map() };
      this.streams.set(key, stream);
    }
    return stream;
  }

  private evict(): void {
    while (
      this.held > MAX_CACHED_DRAWS &&
      this.orderHead < this.orderIndices.length
    ) {
      const stream = this.orderStreams[this.orderHead];
      const index = this.orderIndices[this.orderHead];
      this.orderHead += 1;
      const bucket = stream.buckets.get(index);
      if (bucket) {
        stream.buckets.delete(index);
        this.held -= bucket.count + 1;
      }
    }
    // Compacts the queue once most of it is consumed.
    if (
      this.orderHead > 100_000 &&
      this.orderHead * 2 > this.orderIndices.length
    ) {
      this.orderStreams.splice(0, this.orderHead);
      this.orderIndices.splice(0, this.orderHead);
      this.orderHead = 0;
    }
  }
}

/** One stream's draws: its PRNG key words and cached buckets by minute number. */
export interface StreamDraws {
  arrival: Arrival;
  words: [number, number, number, number];
  buckets: Map<number, DrawBucket>;
}

function drawBucket(stream: StreamDraws, bucketStart: number): DrawBucket {
  const random = saltedRandom(stream.words, bucketStart / BUCKET_MS);
  const count = poisson(random, expectedPerBucket(stream.arrival, bucketStart));
  if (count === 0) return EMPTY_BUCKET;
  const offsets = sortedOffsets(random, count);
  const ints = new Uint32Array(count * INT_STRIDE);
  const floats = new Float32Array(count * FLOAT_STRIDE);
  for (let i = 0; i < count; i++) {
    const w0 = randomWord(random);
    const w1 = withUuidVersion4(randomWord(random));
    const w2 = withUuidVariant(randomWord(random));
    const w3 = randomWord(random);
    const k = i * INT_STRIDE;
    ints[k] = offsets[i];
    ints[k + 1] = w0;
    ints[k + 2] = w1;
    ints[k + 3] = w2;
    ints[k + 4] = w3;
    ints[k + 5] = fnv1aOfUuidWords(w0, w1, w2, w3) % 100;
    const f = i * FLOAT_STRIDE;
    // Both halves of one Box-Muller draw: two independent standard normals.
    const radius = sqrt(-2 * log(1 - random()));
    const angle = 2 * PI * random();
    floats[f] = uniform24(random);
    floats[f + 1] = radius * cos(angle);
    floats[f + 2] = radius * sin(angle);
    floats[f + 3] = uniform24(random);
    floats[f + 4] = uniform24(random);
  }
  sortTiesById(ints, floats, count);
  return new DrawBucket(bucketStart, count, ints, floats);
}

/** Mean conversations in the bucket: flat, or the office-hours curve at the bucket's middle. */
function expectedPerBucket(arrival: Arrival, bucketStart: number): number {
  if (arrival.kind === 'flat') return (arrival.perSecond * BUCKET_MS) / 1000;
  return (
    (arrival.peakPerHour *
      BUCKET_MS *
      loadFactor(bucketStart + BUCKET_MS / 2)) /
    3_600_000
  );
}

const DAY_MS = 86_400_000;

/** Office-hours curve (UTC) with quieter weekends; 0.2 at night, 1 at the daily peak. */
export function loadFactor(at: number): number {
  const hour = (((at % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
  const daytime = hour > 6 && hour < 20 ? sin((PI * (hour - 6)) / 14) : 0;
  // 1970-01-01 was a Thursday (day 4, Sunday = 0).
  const weekday = (floor(at / DAY_MS) + 4) % 7;
  const weekend = weekday === 0 || weekday === 6 ? 0.5 : 1;
  return (0.2 + 0.8 * daytime) * weekend;
}

let scratch = new Uint32Array(1024);

function sortedOffsets(random: Random, count: number): Uint32Array {
  if (scratch.length < count) scratch = new Uint32Array(count * 2);
  const offsets = scratch.subarray(0, count);
  for (let i = 0; i < count; i++) offsets[i] = floor(random() * BUCKET_MS);
  return offsets.sort();
}

function randomWord(random: Random): number {
  return floor(random() * 4294967296) >>> 0;
}

/** A uniform in [0, 1) with 24 bits, so a Float32Array holds it exactly (and never rounds it up to 1). */
function uniform24(random: Random): number {
  return floor(random() * 16777216) / 16777216;
}

/** Conversations in the same millisecond are ordered by id (insertion sort: such runs are short). */
function sortTiesById(ints: Uint32Array, floats: Float32Array, count: number) {
  for (let i = 1; i < count; i++) {
    for (
      let j = i;
      j > 0 &&
      ints[j * INT_STRIDE] === ints[(j - 1) * INT_STRIDE] &&
      compareIds(ints, j, j - 1) < 0;
      j--
    ) {
      swapRows(ints, INT_STRIDE, j, j - 1);
      swapRows(floats, FLOAT_STRIDE, j, j - 1);
    }
  }
}

function compareIds(ints: Uint32Array, a: number, b: number): number {
  for (let word = 1; word <= 4; word++) {
    const diff = ints[a * INT_STRIDE + word] - ints[b * INT_STRIDE + word];
    if (diff !== 0) return diff;
  }
  return 0;
}

function swapRows(
  values: Uint32Array | Float32Array,
  stride: number,
  a: number,
  b: number,
) {
  for (let k = 0; k < stride; k++) {
    const held = values[a * stride + k];
    values[a * stride + k] = values[b * stride + k];
    values[b * stride + k] = held;
  }
}
