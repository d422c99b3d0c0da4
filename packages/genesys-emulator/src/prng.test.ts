import {
  fnv1a,
  fnv1aOfUuidWords,
  poisson,
  saltedRandom,
  seededRandom,
  seedWords,
  uuidFromWords,
  withUuidVariant,
  withUuidVersion4,
} from './prng';

describe('prng', () => {
  it.each([0.5, 4, 12, 600, 60_000])(
    'draws Poisson samples with mean and variance %d',
    lambda => {
      const random = seededRandom(`poisson-${lambda}`);
      const samples = Array.from({ length: 4000 }, () =>
        poisson(random, lambda),
      );
      const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
      const variance =
        samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) /
        (samples.length - 1);
      // Standard error of the mean is sqrt(lambda / n); allow 5 of them.
      expect(Math.abs(mean - lambda)).toBeLessThan(
        5 * Math.sqrt(lambda / samples.length),
      );
      expect(variance / lambda).toBeGreaterThan(0.85);
      expect(variance / lambda).toBeLessThan(1.15);
      expect(samples.every(x => Number.isInteger(x) && x >= 0)).toBe(true);
    },
  );

  it('gives the same sequence for the same words and salt, and unrelated ones for neighbouring salts', () => {
    const words = seedWords('stream');
    const take = (salt: number) => {
      const random = saltedRandom(words, salt);
      return Array.from({ length: 5 }, () => random());
    };
    expect(take(29_000_000)).toEqual(take(29_000_000));
    expect(take(29_000_000)).not.toEqual(take(29_000_001));
    const firsts = Array.from({ length: 1000 }, (_, salt) =>
      saltedRandom(words, salt)(),
    );
    const mean = firsts.reduce((sum, x) => sum + x, 0) / firsts.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('formats version-4 UUIDs whose word order is their string order, hashed like their string', () => {
    const random = seededRandom('uuids');
    const word = () => Math.floor(random() * 4294967296) >>> 0;
    const uuids = Array.from({ length: 500 }, () => {
      const words = [
        word(),
        withUuidVersion4(word()),
        withUuidVariant(word()),
        word(),
      ] as const;
      const uuid = uuidFromWords(...words);
      expect(uuid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(fnv1aOfUuidWords(...words)).toBe(fnv1a(uuid));
      return { words, uuid };
    });
    const byWords = [...uuids].sort((a, b) => {
      for (let k = 0; k < 4; k++) {
        if (a.words[k] !== b.words[k]) return a.words[k] - b.words[k];
      }
      return 0;
    });
    expect(byWords.map(u => u.uuid)).toEqual(uuids.map(u => u.uuid).sort());
  });
});
