/** Bytes rounded up to a multiple of 8 (the alignment of every column in a memory); exact past 2^31, unlike bit operations. */
export const align8 = (bytes: number): number => Math.ceil(bytes / 8) * 8;
