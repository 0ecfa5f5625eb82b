/** What micropython.mem_info(1) printed: totals, largest free run, and the block map per area. */
export interface MemInfo {
  total: number;
  used: number;
  free: number;
  /** Only on MICROPY_GC_SPLIT_HEAP_AUTO builds (the WebAssembly one). */
  maxNewSplit: number;
  maxFreeBlocks: number;
  /** One string per area: 'h' head (any type letter), '=' tail, '.' free. */
  blockMaps: string[];
  /**
   * The same maps with MicroPython's head letters (T tuple, L list, D dict, S str/bytes, A bytearray, F float,
   * B function, M module, h other).
   */
  typeMaps: string[];
}

export function parseMemInfo(text: string): MemInfo {
  const gc = /GC: total: (\d+), used: (\d+), free: (\d+)(?:, max new split: (\d+))?/.exec(text);
  const mf = /max free sz: (\d+)/.exec(text);
  if (!gc || !mf) throw new Error(`mem_info output not understood:\n${text}`);
  const blockMaps: string[] = [];
  const typeMaps: string[] = [];
  for (const part of text.split('GC memory layout; from ').slice(1)) {
    let map = '';
    let typed = '';
    for (const line of part.split(/\r?\n/).slice(1)) {
      const free = /^\s+\((\d+) lines all free\)/.exec(line);
      const row = /^([0-9a-f]{8}): (.*)$/.exec(line);
      if (row) {
        const at = parseInt(row[1], 16) / 16;
        map = map.padEnd(at, '.') + row[2].replace(/[^.=]/g, 'h');
        typed = typed.padEnd(at, '.') + row[2];
      } else if (free) continue;
      else if (line.trim() && !/^\s/.test(line)) break;
    }
    blockMaps.push(map);
    typeMaps.push(typed);
  }
  return {
    total: Number(gc[1]),
    used: Number(gc[2]),
    free: Number(gc[3]),
    maxNewSplit: Number(gc[4] ?? 0),
    maxFreeBlocks: Number(mf[1]),
    blockMaps,
    typeMaps,
  };
}
