/** Lower edge of the first regular bin, in milliseconds. */
const FROM_MS = 1;
/** Upper edge of the last regular bin, in milliseconds (10 minutes). */
const TO_MS = 600_000;
/** Each bin's upper edge is its lower edge times this: 1 % wide bins. */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
const BIN_COUNT = Math.ceil(Math.log(TO_MS / FROM_MS) / LOG_GROWTH);
/** A bin's geometric midpoint is at most this far (relatively) from any of its values. */
const RELATIVE_ERROR = Math.sqrt(GROWTH) - 1;

/**
 * The serialised form of a {@link LatencyHistogram}: its layout and its
 * non-empty bins only.
 * @public
 */
export interface LatencyHistogramJson {
  layout: { fromMs: number; toMs: number; growth: number };
  /** [bin index, count], ascending by index, counts \> 0. */
  bins: Array<[number, number]>;
  /** Smallest and largest value added; null when empty. */
  minMs: number | null;
  maxMs: number | null;
}

function binIndexOf(valueMs: number): number {
  if (valueMs < FROM_MS) return 0;
  const index = Math.floor(Math.log(valueMs / FROM_MS) / LOG_GROWTH);
  return Math.min(index, BIN_COUNT - 1);
}

/** The geometric midpoint of a bin: within {@link RELATIVE_ERROR} of its values. */
function binMidpoint(index: number): number {
  return FROM_MS * Math.pow(GROWTH, index + 0.5);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** One saved [index, count] pair, checked against the layout. */
function readBin(bin: unknown): [index: number, count: number] {
  const [index, count]: unknown[] = Array.isArray(bin) ? bin : [];
  if (
    typeof index !== 'number' ||
    !Number.isInteger(index) ||
    index < 0 ||
    index >= BIN_COUNT
  ) {
    throw new TypeError(`Bin index ${index} is outside the layout`);
  }
  if (!isCount(count)) throw new TypeError(`Bin ${index} has count ${count}`);
  return [index, count];
}

/**
 * A fixed-memory histogram of non-negative latencies in milliseconds.
 *
 * Bins are logarithmic, 1 % wide, from 1 ms to 10 minutes (1,338 bins, one
 * Float64Array); values below 1 ms fall into the first bin and values above
 * 10 minutes (timeouts) into the last. Memory does not grow with the number
 * of values, so conversation details can be streamed page by page into it.
 *
 * Quantiles are exact at the ends (the smallest and largest values are kept)
 * and otherwise within about 0.5 % (half a bin) of the true order
 * statistic, for values inside the 1 ms .. 10 min range.
 *
 * All histograms share one layout, so any two can be merged or compared.
 *
 * @public
 */
export class LatencyHistogram {
  /** Number of bins. */
  static readonly binCount = BIN_COUNT;
  /** Largest relative error of a value read back from a bin (≈ 0.5 %). */
  static readonly relativeError = RELATIVE_ERROR;

  private readonly counts = new Float64Array(BIN_COUNT);
  private total = 0;
  private min = Infinity;
  private max = -Infinity;

  /** Restores a histogram from {@link LatencyHistogram.toJSON}. @throws TypeError if it does not fit this layout. */
  static fromJSON(json: LatencyHistogramJson): LatencyHistogram {
    const { layout, bins, minMs, maxMs } = json ?? ({} as LatencyHistogramJson);
    if (
      layout?.fromMs !== FROM_MS ||
      layout?.toMs !== TO_MS ||
      layout?.growth !== GROWTH
    ) {
      throw new TypeError(
        'The histogram was saved with a different bin layout',
      );
    }
    if (!Array.isArray(bins)) throw new TypeError('The histogram has no bins');
    const histogram = new LatencyHistogram();
    for (const bin of bins) {
      const [index, count] = readBin(bin);
      histogram.counts[index] += count;
      histogram.total += count;
    }
    if (histogram.total > 0) {
      if (
        typeof minMs !== 'number' ||
        typeof maxMs !== 'number' ||
        minMs > maxMs
      ) {
        throw new TypeError('A non-empty histogram needs minMs <= maxMs');
      }
      histogram.min = minMs;
      histogram.max = maxMs;
    }
    return histogram;
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /** Smallest value added; undefined when empty. */
  get minMs(): number | undefined {
    return this.total > 0 ? this.min : undefined;
  }

  /** Largest value added; undefined when empty. */
  get maxMs(): number | undefined {
    return this.total > 0 ? this.max : undefined;
  }

  /**
   * Adds a latency, `times` times (default once).
   * @throws RangeError for a negative or non-finite value, or a count that is not positive.
   */
  add(valueMs: number, times = 1): this {
    if (!(valueMs >= 0 && Number.isFinite(valueMs))) {
      throw new RangeError(
        `A latency must be a finite number >= 0, not ${valueMs}`,
      );
    }
    if (!isCount(times)) {
      throw new RangeError(`A count must be a positive number, not ${times}`);
    }
    this.counts[binIndexOf(valueMs)] += times;
    this.total += times;
    this.min = Math.min(this.min, valueMs);
    this.max = Math.max(this.max, valueMs);
    return this;
  }

  /** Adds every value of `other` to this histogram. */
  merge(other: LatencyHistogram): this {
    for (let i = 0; i < BIN_COUNT; i++) this.counts[i] += other.counts[i];
    this.total += other.total;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  /** How many values fell into bin `index` (0 .. binCount − 1); bins ascend by value. */
  countInBin(index: number): number {
    return this.counts[index] ?? 0;
  }

  /**
   * The q-quantile (0 ≤ q ≤ 1), interpolated linearly between order
   * statistics like R's default (type 7), each order statistic read as its
   * bin's midpoint; q = 0 and q = 1 give the exact minimum and maximum.
   * Undefined when the histogram is empty.
   * @throws RangeError when q is outside [0, 1].
   */
  quantile(q: number): number | undefined {
    if (!(q >= 0 && q <= 1)) {
      throw new RangeError(`A quantile must be within [0, 1], not ${q}`);
    }
    if (this.total === 0) return undefined;
    const rank = (this.total - 1) * q;
    const below = Math.floor(rank);
    const lower = this.valueAtRank(below);
    if (rank === below) return lower;
    return lower + (rank - below) * (this.valueAtRank(below + 1) - lower);
  }

  /** Non-empty bins only, so the JSON stays small. */
  toJSON(): LatencyHistogramJson {
    const bins: Array<[number, number]> = [];
    this.counts.forEach((count, index) => {
      if (count > 0) bins.push([index, count]);
    });
    return {
      layout: { fromMs: FROM_MS, toMs: TO_MS, growth: GROWTH },
      bins,
      minMs: this.minMs ?? null,
      maxMs: this.maxMs ?? null,
    };
  }

  /** The value of rank `rank` (0-based, ascending), read as its bin's midpoint within [min, max]. */
  private valueAtRank(rank: number): number {
    if (rank <= 0) return this.min;
    if (rank >= this.total - 1) return this.max;
    let seen = 0;
    for (let index = 0; index < BIN_COUNT; index++) {
      seen += this.counts[index];
      if (seen > rank) {
        return Math.min(this.max, Math.max(this.min, binMidpoint(index)));
      }
    }
    return this.max;
  }
}
