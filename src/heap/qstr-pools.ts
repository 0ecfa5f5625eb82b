import type { MemoryImage } from '../memory/memory-image';

interface Pool {
  address: number;
  first: number;
  len: number;
  lengths: number;
  qstrs: number;
}

/** Qstrs one pool may hold, and entries checked per pool (each a string of its tabled length and a NUL). */
const MAX_POOL_LEN = 1 << 16;
const CHECKED_ENTRIES = 16;
const MAX_POOLS = 4096;
const MIN_STATIC_QSTRS = 50;
const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Resolves qstr ids to text through the interned-string pools: the chain
 * starts at MP_STATE_VM(last_pool) (dynamic pools on the heap) and ends at the
 * static pools in flash / read-only data. Pool layout (py/qstr.h):
 * prev@0, total_prev_len@4 (bit 31 = is_sorted), alloc@8, len@12,
 * [hashes], lengths, qstrs[]. Whether a hashes pointer is present and whether
 * lengths are 8 or 16 bits is detected from the data.
 */
export class QstrPools {
  private readonly cache = new Map<number, string | undefined>();

  private constructor(
    private readonly mem: MemoryImage,
    readonly lastPool: number,
    readonly pools: readonly Pool[],
    private readonly lengthBytes: 1 | 2,
  ) {}

  /** Addresses of the pools (for flagging the heap-resident ones as firmware-internal). */
  get poolAddresses(): number[] {
    return this.pools.map((p) => p.address);
  }

  get count(): number {
    const top = this.pools[0];
    return top ? top.first + top.len : 0;
  }

  /**
   * Finds vm.last_pool: a word shortly before __main__'s dict (mp_state_vm_t
   * starts with last_pool; the dict follows the emergency exception buffers and
   * loaded-modules dict) that points to a valid pool chain.
   */
  /** Address of the vm.last_pool field (the start of mp_state_vm_t), when found by `locate`. */
  lastPoolField: number | undefined;

  static locate(mem: MemoryImage, dictMain: number): QstrPools | undefined {
    for (let a = dictMain - 4; a >= dictMain - 512; a -= 4) {
      const p = mem.u32(a);
      if (p === undefined || p === 0 || p % 4 !== 0) continue;
      const found = QstrPools.fromLastPool(mem, p);
      // Every firmware has hundreds of static qstrs: an empty "chain" is a coincidence.
      if (found && found.pools[found.pools.length - 1].len >= MIN_STATIC_QSTRS) {
        found.lastPoolField = a;
        return found;
      }
    }
    return undefined;
  }

  static fromLastPool(mem: MemoryImage, lastPool: number): QstrPools | undefined {
    for (const hashes of [true, false]) {
      for (const lengthBytes of [1, 2] as const) {
        const pools = readChain(mem, lastPool, hashes, lengthBytes);
        if (pools) return new QstrPools(mem, lastPool, pools, lengthBytes);
      }
    }
    return undefined;
  }

  /** The text of qstr `id`, or undefined when the id is not in any pool. */
  text(id: number): string | undefined {
    if (this.cache.has(id)) return this.cache.get(id);
    let result: string | undefined;
    for (const p of this.pools) {
      if (id >= p.first && id < p.first + p.len) {
        result = readEntry(this.mem, p, id - p.first, this.lengthBytes);
        break;
      }
    }
    this.cache.set(id, result);
    return result;
  }
}

function readEntry(mem: MemoryImage, p: Pool, i: number, lengthBytes: 1 | 2): string | undefined {
  const ptr = mem.u32(p.qstrs + 4 * i);
  const len = lengthBytes === 1 ? mem.u8(p.lengths + i) : mem.u16(p.lengths + 2 * i);
  if (ptr === undefined || len === undefined) return undefined;
  const bytes = mem.bytes(ptr, len);
  return bytes ? utf8.decode(bytes) : undefined;
}

function readChain(mem: MemoryImage, start: number, hashes: boolean, lengthBytes: 1 | 2): Pool[] | undefined {
  const pools: Pool[] = [];
  const seen = new Set<number>();
  let a = start;
  while (a !== 0) {
    if (seen.has(a) || pools.length >= MAX_POOLS) return undefined;
    seen.add(a);
    const prev = mem.u32(a);
    const tpl = mem.u32(a + 4);
    const alloc = mem.u32(a + 8);
    const len = mem.u32(a + 12);
    const lengths = mem.u32(a + (hashes ? 20 : 16));
    if (prev === undefined || tpl === undefined || alloc === undefined || len === undefined || lengths === undefined) {
      return undefined;
    }
    // `alloc` is not checked against `len`: the static pools keep the initial alloc (10).
    // No real pool holds 64 K qstrs: a larger count is some other structure read as a pool
    // (a dict near vm.last_pool once looked like a one-pool chain of 201,760 qstrs).
    if (len > MAX_POOL_LEN || alloc > MAX_POOL_LEN || prev % 4 !== 0) return undefined;
    const pool: Pool = { address: a, first: tpl & 0x7fffffff, len, lengths, qstrs: a + (hashes ? 24 : 20) };
    // Each entry must be a string of the tabled length followed by a NUL (it may
    // itself contain NULs: one static qstr is "\0").
    for (let i = 0; i < Math.min(len, CHECKED_ENTRIES); i++) {
      const ptr = mem.u32(pool.qstrs + 4 * i);
      const l = lengthBytes === 1 ? mem.u8(lengths + i) : mem.u16(lengths + 2 * i);
      if (ptr === undefined || l === undefined) return undefined;
      if (mem.u8(ptr + l) !== 0) return undefined;
    }
    const next = pools[pools.length - 1];
    if (next && next.first !== pool.first + pool.len) return undefined;
    pools.push(pool);
    a = prev;
  }
  const last = pools[pools.length - 1];
  return last && last.first === 0 && pools.length > 0 ? pools : undefined;
}
