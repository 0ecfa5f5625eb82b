/** One contiguous GC heap area (MicroPython's mp_state_mem_area_t), as found in memory. */
export interface GcArea {
  /**
   * Address of the struct's gc_alloc_table_start field (the struct itself
   * starts 4 bytes earlier when it has a split-heap `next` pointer).
   */
  atbFieldAddress: number;
  atbStart: number;
  /** Allocation table length in bytes (4 blocks per byte). */
  atbLength: number;
  ftbStart: number;
  /** Weak-reference table (MicroPython ≥ 1.28 with weakref enabled), else undefined. */
  wtbStart?: number;
  poolStart: number;
  poolEnd: number;
  /** Number of 16-byte blocks: 4 × atbLength. */
  blocks: number;
}

/** Which struct layout the scan recognised. */
export interface GcLayout {
  /**
   * Whether the struct starts with a `next` pointer (MICROPY_GC_SPLIT_HEAP).
   * 'unknown' when the word before the tables is NULL: a single-area split
   * heap and a plain heap then decode identically.
   */
  nextField: 'present' | 'absent' | 'unknown';
  weakrefTable: boolean;
}

export const BYTES_PER_BLOCK = 16;
