/**
 * A seeded PRNG (mulberry32). The benchmark writes the same log into SQLite and PostgreSQL —
 * same ids, same payloads, same order — so their read models can be compared by content hash and
 * their figures differ only by the database.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.u32() / 0x1_0000_0000) * n);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  /** A version-4-shaped UUID from the generator, so event ids repeat across databases. */
  uuid(): string {
    const hex = (): string => this.u32().toString(16).padStart(8, '0');
    const [a, b, c, d] = [hex(), hex(), hex(), hex()];
    const variant = (8 | (parseInt(c[0]!, 16) & 3)).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }
}

/** Picks from `[value, weight]` pairs in proportion to the weights. */
export class WeightedPicker<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly entries: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [, weight] of entries) this.cumulative.push((sum += weight));
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.int(this.total);
    const i = this.cumulative.findIndex((c) => x < c);
    return this.entries[i]![0];
  }
}
