/**
 * Fisher–Yates driven by a 32-bit LCG: the same seed gives the same order on every machine. For
 * sending the same events in another order (imports, benches, tests of order independence).
 */
export const seededShuffle = <T>(items: readonly T[], seed: number): T[] => {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};
