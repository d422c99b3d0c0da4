/** One value of a {@link Timeline}, in effect from `from` (epoch ms) until the next entry. */
export interface TimelineEntry<T> {
  from: number;
  value: T;
}

/**
 * Values that take effect at instants: routing splits, prompt revisions,
 * stream configurations. Looking up an instant gives the value then in effect.
 */
export class Timeline<T> {
  private readonly entries: TimelineEntry<T>[] = [];

  /**
   * Makes `value` the one in effect from `from`; entries starting at or after
   * `from` are dropped (a change with a past start replaces what followed it).
   */
  set(from: number, value: T): void {
    while (
      this.entries.length > 0 &&
      this.entries[this.entries.length - 1].from >= from
    ) {
      this.entries.pop();
    }
    this.entries.push({ from, value });
  }

  /** The entry in effect at `at`, or undefined before the first one. */
  entryAt(at: number): TimelineEntry<T> | undefined {
    let low = 0;
    let high = this.entries.length - 1;
    let found: TimelineEntry<T> | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.entries[middle].from <= at) {
        found = this.entries[middle];
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  at(at: number): T | undefined {
    return this.entryAt(at)?.value;
  }

  first(): TimelineEntry<T> | undefined {
    return this.entries[0];
  }

  last(): TimelineEntry<T> | undefined {
    return this.entries[this.entries.length - 1];
  }

  /** Entries that are in effect somewhere in [start, end), oldest first, each with its end. */
  within(
    start: number,
    end: number,
  ): Array<TimelineEntry<T> & { until: number }> {
    const result: Array<TimelineEntry<T> & { until: number }> = [];
    this.entries.forEach((entry, index) => {
      const until = this.entries[index + 1]?.from ?? Infinity;
      if (entry.from < end && until > start) result.push({ ...entry, until });
    });
    return result;
  }

  values(): T[] {
    return this.entries.map(entry => entry.value);
  }
}
