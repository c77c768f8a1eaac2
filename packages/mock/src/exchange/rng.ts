/** A small seeded PRNG (mulberry32): the same seed gives the same dataset, ids and fault draws. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';

/**
 * A UUID-shaped id from the PRNG (version 4 layout), deterministic for a seed: 32 draws, one per hex digit. Built from
 * char codes in one go: appending 36 characters one by one leaves a rope of 36 string pieces per id, which an
 * engine holding thousands of orders keeps alive (and the garbage collector copies) until it is flattened.
 */
const codes = new Array<number>(36);
export function uuidFrom(random: () => number): string {
  let at = 0;
  for (let i = 0; i < 32; i++) {
    const digit = Math.floor(random() * 16);
    if (i === 8 || i === 12 || i === 16 || i === 20) codes[at++] = 0x2d; // '-'
    // Version nibble 4; variant bits 10xx.
    codes[at++] = HEX.charCodeAt(i === 12 ? 4 : i === 16 ? (digit & 0x3) | 0x8 : digit);
  }
  return String.fromCharCode.apply(null, codes);
}

/** A 32-bit unsigned number determined by a string (FNV-1a). */
export function stableHash(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** A UUID determined by a string (stableHash → the PRNG): the same text always gives the same id. */
export function stableUuid(text: string): string {
  return uuidFrom(createRng(stableHash(text)));
}
