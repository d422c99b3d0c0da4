import { RatePacer } from './RatePacer';

const headers = (count: number, allowed: number, resetSeconds: number) =>
  new Headers({
    'inin-ratelimit-count': String(count),
    'inin-ratelimit-allowed': String(allowed),
    'inin-ratelimit-reset': String(resetSeconds),
  });

describe('RatePacer', () => {
  let now = 0;
  const sleeps: number[] = [];
  const pacer = () =>
    new RatePacer(
      10_000,
      () => now,
      async ms => {
        sleeps.push(ms);
        now += ms;
        // Yield like a real timer, so other callers get to run.
        await new Promise(resolve => setImmediate(resolve));
      },
    );

  beforeEach(() => {
    now = 1_000_000;
    sleeps.length = 0;
  });

  it('sends one request until the first answer tells the budget', async () => {
    const p = pacer();
    await p.acquire('t');
    let second = false;
    const pending = p.acquire('t').then(() => (second = true));
    await new Promise(resolve => setImmediate(resolve));
    expect(second).toBe(false);
    p.release('t', headers(1, 3, 10));
    await pending;
    expect(second).toBe(true);
  });

  it('waits for the window to reset once the budget is spent', async () => {
    const p = pacer();
    await p.acquire('t');
    p.release('t', headers(1, 3, 10));
    await p.acquire('t');
    await p.acquire('t');
    expect(sleeps).toEqual([]);
    await p.acquire('t');
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000);
  });

  it('does not lower the count for a late answer with a stale count', async () => {
    const p = pacer();
    await p.acquire('t');
    p.release('t', headers(1, 5, 10));
    for (let i = 0; i < 4; i++) await p.acquire('t');
    // A slow answer counted early in the window arrives late, its reset rounded up.
    now += 1500;
    p.release('t', headers(2, 5, 10));
    expect(p.budget('t')).toMatchObject({ used: 5, allowed: 5 });
  });

  it('fails fast instead of waiting past a deadline', async () => {
    const p = pacer();
    await p.acquire('t');
    p.release('t', undefined);
    p.exhausted('t', 600);
    const wait = await p.acquire('t', now + 5_000);
    expect(wait).toBeGreaterThan(590_000);
    expect(sleeps).toEqual([]);
  });

  it('holds to the per-minute ceiling across tokens', async () => {
    const p = new RatePacer(2, () => now, async ms => {
      sleeps.push(ms);
      now += ms;
      await new Promise(resolve => setImmediate(resolve));
    });
    await p.acquire('a');
    await p.acquire('b');
    await p.acquire('c');
    expect(sleeps[0]).toBe(60_000);
  });
});
