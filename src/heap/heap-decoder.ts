import type { MemoryImage } from '../memory/memory-image';
import type { Allocation } from './allocation-table';
import type { GcArea } from './gc-area';
import type { DecodedObject, ObjectKind, RawRef } from './decoded-object';
import { QstrPools } from './qstr-pools';
import { classifyWord, hex, isEmptySlot } from './words';
import { pyBytesRepr, pyFloatRepr, pyStrRepr, truncate, type FloatFormat } from './format-value';

/** Built-in type addresses the decoder dispatches on (from the probe's id() table). */
export type TypeTable = Record<string, number>;

const MAX_ITEMS = 1 << 16; // refs decoded per object: a corrupt length must not stall the decoder
const MAX_STR = 256; // bytes of a string read for its display text
const utf8 = new TextDecoder('utf-8', { fatal: false });

type Handler = (d: HeapDecoder, a: number) => Omit<DecodedObject, 'address' | 'type' | 'kind'>;

/**
 * Decodes objects by their type pointer (word 0). Layouts follow MicroPython's
 * object representation A on 32-bit targets (py/obj.h and friends).
 */
export class HeapDecoder {
  readonly warnings: string[] = [];
  private readonly byType = new Map<number, [ObjectKind, Handler]>();
  private readonly typeType: number;
  private readonly heads: Map<number, Allocation>;

  constructor(
    readonly mem: MemoryImage,
    readonly types: TypeTable,
    readonly areas: readonly GcArea[],
    allocations: readonly Allocation[],
    readonly qstrs: QstrPools | undefined,
    readonly floatBits: 32 | 64,
    /** How this firmware prints floats (it changed in MicroPython v1.26). */
    readonly floatFormat: FloatFormat = 'current',
  ) {
    this.typeType = types.type ?? -1;
    this.heads = new Map(allocations.map((a) => [a.address, a]));
    const on = (name: string, kind: ObjectKind, h: Handler) => {
      if (types[name] !== undefined) this.byType.set(types[name], [kind, h]);
    };
    on('list', 'list', decodeList);
    on('tuple', 'tuple', decodeTuple);
    on('dict', 'dict', (d, a) => d.decodeDictAt(a));
    on('set', 'set', decodeSet);
    on('frozenset', 'frozenset', decodeSet);
    on('str', 'str', (d, a) => decodeStr(d, a, false));
    on('bytes', 'bytes', (d, a) => decodeStr(d, a, true));
    on('bytearray', 'bytearray', decodeBytearray);
    on('float', 'float', decodeFloat);
    on('int', 'int', decodeBigInt);
    on('function', 'function', decodeFunction);
    on('closure', 'closure', decodeClosure);
    on('bound_method', 'bound_method', decodeBoundMethod);
    on('module', 'module', decodeModule);
  }

  /** The allocation starting exactly at `address`, if any. */
  allocationAt(address: number): Allocation | undefined {
    return this.heads.get(address);
  }

  inPool(address: number): boolean {
    for (const a of this.areas) if (address >= a.poolStart && address < a.poolEnd) return true;
    return false;
  }

  /** True when `t` looks like a type object: its own type is `type`. */
  isTypeObject(t: number): boolean {
    return t % 4 === 0 && t !== 0 && this.mem.u32(t) === this.typeType;
  }

  /** The name a type object carries (a qstr at +6), e.g. 'list' or a class name. */
  typeName(t: number): string | undefined {
    const q = this.mem.u16(t + 6);
    return q === undefined ? undefined : this.qstrs?.text(q);
  }

  qstrText(id: number): string {
    return this.qstrs?.text(id) ?? `<qstr ${id}>`;
  }

  /** repr() of an inline word (small int, interned string, None/True/False). */
  inlineRepr(w: number): string {
    if ((w & 1) === 1) return String(w >> 1); // small int: the common case, no allocation
    const c = classifyWord(w);
    switch (c.kind) {
      case 'smallint':
        return String(c.value);
      case 'qstr':
        return this.qstrs?.text(c.id) !== undefined ? pyStrRepr(this.qstrs.text(c.id)!) : `<qstr ${c.id}>`;
      case 'const':
        return c.name === 'immediate' ? `<immediate ${hex(w)}>` : c.name;
      case 'null':
        return '<NULL>';
      case 'ptr':
        return hex(w);
    }
  }

  /** Text for a dict key / attribute name, when the word is a string. */
  keyText(w: number): string | undefined {
    const c = classifyWord(w);
    if (c.kind === 'qstr') return this.qstrs?.text(c.id);
    if (c.kind === 'ptr' && this.mem.u32(c.address) === this.types.str) {
      const len = this.mem.u32(c.address + 8);
      const data = this.mem.u32(c.address + 12);
      if (len === undefined || data === undefined || len > MAX_STR) return undefined;
      const b = this.mem.bytes(data, len);
      return b ? utf8.decode(b) : undefined;
    }
    return undefined;
  }

  /** Label for a dict entry: ['key'] / [3] / [None] / [(1, 2)] / [2.5]. */
  keyLabel(w: number): string {
    const c = classifyWord(w);
    if (c.kind === 'ptr') {
      const t = this.keyText(w);
      return t !== undefined ? `[${pyStrRepr(truncate(t))}]` : `[${this.keyRepr(w, 2) ?? hex(w)}]`;
    }
    return `[${this.inlineRepr(w)}]`;
  }

  /** repr() of a hashable key object (float, int, bytes, str, tuples of those), or undefined. */
  private keyRepr(w: number, depth: number): string | undefined {
    if ((w & 3) !== 0 || w === 0) return this.inlineRepr(w);
    const t = this.mem.u32(w);
    if (t === undefined) return undefined;
    if (t === this.types.tuple && depth > 0) {
      const len = this.mem.u32(w + 4);
      if (len === undefined || len > 8) return undefined;
      const items: string[] = [];
      for (let i = 0; i < len; i++) {
        const r = this.keyRepr(this.mem.u32(w + 8 + 4 * i) ?? 0, depth - 1);
        if (r === undefined) return undefined;
        items.push(r);
      }
      return len === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
    if (t === this.types.str) {
      const text = this.keyText(w);
      return text === undefined ? undefined : pyStrRepr(text);
    }
    if (t === this.types.float || t === this.types.int || t === this.types.bytes) {
      const n = this.decode(w);
      return n && !n.value.includes('…') ? n.value : undefined;
    }
    return undefined;
  }

  /**
   * Decodes the object at `address`, or undefined when word 0 is not a type
   * pointer (a raw buffer). Never throws: unreadable fields become warnings.
   */
  decode(address: number): DecodedObject | undefined {
    const t = this.mem.u32(address);
    if (t === undefined || !this.isTypeObject(t)) return undefined;
    try {
      const entry = this.byType.get(t);
      if (entry) {
        const [kind, handler] = entry;
        return { address, type: this.typeName(t) ?? kind, kind, ...handler(this, address) };
      }
      if (t === this.typeType) return { address, type: 'type', kind: 'class', ...decodeClass(this, address) };
      if (this.inPool(t) && this.mem.u32(t) === this.typeType) {
        return { address, type: this.typeName(t) ?? '?', kind: 'instance', ...decodeInstance(this, address) };
      }
      return { address, type: this.typeName(t) ?? '?', kind: 'opaque', ...this.opaque(address) };
    } catch (e) {
      this.warnings.push(`object at ${hex(address)}: ${(e as Error).message}`);
      return { address, type: this.typeName(t) ?? '?', kind: 'opaque', ...this.opaque(address) };
    }
  }

  /** A closure's cell: a one-word box (its type has no probe-visible name). */
  decodeCell(address: number): DecodedObject | undefined {
    const t = this.mem.u32(address);
    const v = this.mem.u32(address + 4);
    if (t === undefined || v === undefined || !this.isTypeObject(t)) return undefined;
    return {
      address,
      type: this.typeName(t) || 'cell',
      kind: 'cell',
      value: '',
      refs: isEmptySlot(v) ? [] : [{ label: 'contents', word: v }],
      parts: [],
    };
  }

  opaque(address: number): Omit<DecodedObject, 'address' | 'type' | 'kind'> {
    const bytes = this.allocationAt(address)?.bytes ?? 16;
    const rawWords: string[] = [];
    for (let i = 0; i < Math.min(bytes / 4, 8); i++) {
      const w = this.mem.u32(address + 4 * i);
      if (w === undefined) break;
      rawWords.push(hex(w));
    }
    const refs: RawRef[] = [];
    const weakParts: number[] = [];
    if (this.allocationAt(address)) this.objectWords(address, 4, bytes, refs, (off) => `@${off}`, weakParts);
    return { value: `${bytes} bytes`, refs, parts: [], weakParts, rawWords };
  }

  /**
   * Words in [start, end) of the allocation at `a` that point at the start of
   * another heap object: what MicroPython's collector keeps alive through an
   * object the decoder does not take apart (an enumerate's iterator, a
   * generator's frame, an exception's args). Labelled by byte offset.
   */
  objectWords(
    a: number,
    start: number,
    end: number,
    refs: RawRef[],
    label: (offset: number) => string,
    buffers?: number[],
  ): void {
    for (let off = start; off + 4 <= end && off < 4 * MAX_ITEMS; off += 4) {
      const w = this.mem.u32(a + off);
      if (w === undefined) return;
      if ((w & 3) !== 0 || w === a || !this.heads.has(w)) continue;
      const t = this.mem.u32(w);
      if (t !== undefined && this.isTypeObject(t)) refs.push({ label: label(off), word: w });
      else if (buffers && !buffers.includes(w)) buffers.push(w); // untyped: a buffer it holds
    }
  }

  /** Claims `ptr` as an owned buffer when it is a heap allocation's head. */
  part(parts: number[], ptr: number | undefined): void {
    if (ptr !== undefined && ptr !== 0 && this.heads.has(ptr)) parts.push(ptr);
  }

  /** Words available at `ptr` (bounded by its allocation when on the heap). */
  capacity(ptr: number, wanted: number): number {
    const a = this.heads.get(ptr);
    if (a) return Math.min(wanted, a.bytes / 4);
    if (this.inPool(ptr)) return 0; // points into the middle of an allocation: corrupt
    return Math.min(wanted, MAX_ITEMS);
  }

  /** Reads a mp_map_t at `m`: {used<<3 | flags, alloc, table}. */
  readMap(m: number, label: (key: number) => string, refs: RawRef[], parts: number[], keyRefs = true): number {
    const w0 = this.mem.u32(m);
    const alloc = this.mem.u32(m + 4);
    const table = this.mem.u32(m + 8);
    if (w0 === undefined || alloc === undefined || table === undefined) throw new Error('map header unreadable');
    const used = w0 >>> 3;
    this.part(parts, table);
    const n = this.capacity(table, Math.min(alloc, MAX_ITEMS) * 2) >> 1;
    if (n < alloc) this.warnings.push(`map at ${hex(m)}: alloc ${alloc} exceeds its table; read ${n}`);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const k = this.mem.u32(table + 8 * i);
      const v = this.mem.u32(table + 8 * i + 4);
      if (k === undefined || v === undefined) break;
      if (isEmptySlot(k)) continue;
      count++;
      if (keyRefs && classifyWord(k).kind === 'ptr') refs.push({ label: 'key', word: k });
      refs.push({ label: label(k), word: v });
    }
    if (count !== used) this.warnings.push(`map at ${hex(m)}: header says ${used} entries, table holds ${count}`);
    return count;
  }

  decodeDictAt(a: number): Omit<DecodedObject, 'address' | 'type' | 'kind'> {
    const refs: RawRef[] = [];
    const parts: number[] = [];
    const n = this.readMap(a + 4, (k) => this.keyLabel(k), refs, parts);
    return { value: `len ${n}`, length: n, refs, parts };
  }

  /** Reads `n` item words starting at `ptr` as [i] refs. */
  items(ptr: number, n: number, refs: RawRef[], label: (i: number) => string = indexLabel): number {
    for (let i = 0; i < n; i++) {
      const w = this.mem.u32(ptr + 4 * i);
      if (w === undefined) return i;
      refs.push({ label: label(i), word: w });
    }
    return n;
  }
}

const INDEX_LABELS = Array.from({ length: 1024 }, (_, i) => `[${i}]`);
const indexLabel = (i: number) => INDEX_LABELS[i] ?? `[${i}]`;

function need(v: number | undefined, what: string): number {
  if (v === undefined) throw new Error(`${what} unreadable`);
  return v;
}

function decodeList(d: HeapDecoder, a: number) {
  const alloc = need(d.mem.u32(a + 4), 'list alloc');
  const len = need(d.mem.u32(a + 8), 'list len');
  const items = need(d.mem.u32(a + 12), 'list items');
  const refs: RawRef[] = [];
  const parts: number[] = [];
  d.part(parts, items);
  if (len > alloc) d.warnings.push(`list at ${hex(a)}: len ${len} > alloc ${alloc}`);
  const n = d.capacity(items, Math.min(len, alloc, MAX_ITEMS));
  d.items(items, n, refs);
  return { value: `len ${len}`, length: len, refs, parts };
}

function decodeTuple(d: HeapDecoder, a: number) {
  const len = need(d.mem.u32(a + 4), 'tuple len');
  const refs: RawRef[] = [];
  const room = d.allocationAt(a) ? d.allocationAt(a)!.bytes / 4 - 2 : MAX_ITEMS;
  if (len > room) d.warnings.push(`tuple at ${hex(a)}: len ${len} larger than its allocation`);
  d.items(a + 8, Math.min(len, room, MAX_ITEMS), refs);
  return { value: `len ${len}`, length: len, refs, parts: [] };
}

function decodeSet(d: HeapDecoder, a: number) {
  const alloc = need(d.mem.u32(a + 4), 'set alloc');
  const used = need(d.mem.u32(a + 8), 'set used');
  const table = need(d.mem.u32(a + 12), 'set table');
  const refs: RawRef[] = [];
  const parts: number[] = [];
  d.part(parts, table);
  const n = d.capacity(table, Math.min(alloc, MAX_ITEMS));
  for (let i = 0; i < n; i++) {
    const w = d.mem.u32(table + 4 * i);
    if (w === undefined) break;
    if (!isEmptySlot(w)) refs.push({ label: '{}', word: w });
  }
  if (refs.length !== used) d.warnings.push(`set at ${hex(a)}: header says ${used} items, table holds ${refs.length}`);
  return { value: `len ${refs.length}`, length: refs.length, refs, parts };
}

function decodeStr(d: HeapDecoder, a: number, isBytes: boolean) {
  const len = need(d.mem.u32(a + 8), 'str len');
  const data = need(d.mem.u32(a + 12), 'str data');
  const parts: number[] = [];
  d.part(parts, data);
  const shown = d.mem.bytes(data, Math.min(len, MAX_STR));
  let value: string;
  if (!shown) value = `<${len} bytes unreadable>`;
  else if (isBytes) value = truncate(pyBytesRepr(shown));
  else value = truncate(pyStrRepr(utf8.decode(shown)));
  if (shown && len > MAX_STR && !value.endsWith('…')) value = value.slice(0, -1) + '…';
  // The header holds the length in bytes; len() of a str counts characters (UTF-8 lead bytes).
  let length = len;
  if (!isBytes) {
    const all = d.mem.bytes(data, d.capacity(data, Math.ceil(len / 4)) * 4 >= len ? len : 0);
    if (all && all.length === len) {
      length = 0;
      for (let i = 0; i < len; i++) if ((all[i] & 0xc0) !== 0x80) length++;
    }
  }
  return { value, length, refs: [], parts };
}

function decodeBytearray(d: HeapDecoder, a: number) {
  const len = need(d.mem.u32(a + 8), 'bytearray len');
  const items = need(d.mem.u32(a + 12), 'bytearray items');
  const parts: number[] = [];
  d.part(parts, items);
  const shown = d.mem.bytes(items, Math.min(len, MAX_STR));
  const value = shown ? truncate(`bytearray(${pyBytesRepr(shown)})`) : `<${len} bytes unreadable>`;
  return { value, length: len, refs: [], parts };
}

function decodeFloat(d: HeapDecoder, a: number) {
  const x = d.floatBits === 64 ? d.mem.f64(a + 8) : d.mem.f32(a + 4);
  return { value: x === undefined ? '?' : pyFloatRepr(x, d.floatBits, d.floatFormat), refs: [], parts: [] };
}

function decodeBigInt(d: HeapDecoder, a: number) {
  const w = need(d.mem.u32(a + 4), 'mpz header');
  const len = need(d.mem.u32(a + 8), 'mpz len');
  const dig = need(d.mem.u32(a + 12), 'mpz digits');
  const parts: number[] = [];
  d.part(parts, dig);
  const n = Math.min(len, 4096);
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) {
    const digit = d.mem.u16(dig + 2 * i);
    if (digit === undefined) return { value: '?', refs: [], parts };
    v = (v << 16n) | BigInt(digit);
  }
  let text = ((w & 1) === 1 ? '-' : '') + v.toString();
  if (text.length > 40) text = text.slice(0, 19) + '…' + text.slice(-19);
  return { value: text, refs: [], parts };
}

function decodeInstance(d: HeapDecoder, a: number) {
  const refs: RawRef[] = [];
  const parts: number[] = [];
  const n = d.readMap(a + 4, (k) => '.' + (d.keyText(k) ?? d.inlineRepr(k)), refs, parts, false);
  // mp_obj_instance_t ends in subobj[]: the native part of an instance whose
  // class derives from a built-in type (Exception, list, …). Bytes past the
  // requested size are zeroed by gc_alloc, so any object pointer there is one.
  const bytes = d.allocationAt(a)?.bytes ?? 16;
  d.objectWords(a, 16, bytes, refs, () => 'subobj');
  return { value: `${n} attr${n === 1 ? '' : 's'}`, length: n, refs, parts };
}

/** A user class: type object on the heap; its methods sit in the locals dict slot. */
function decodeClass(d: HeapDecoder, a: number) {
  const name = d.typeName(a) ?? '?';
  const refs: RawRef[] = [];
  const parts: number[] = [];
  const slot = (index: number) => (index ? d.mem.u32(a + 20 + 4 * (index - 1)) : undefined);
  const localsDict = slot(d.mem.u8(a + 19) ?? 0);
  if (localsDict !== undefined && d.mem.u32(localsDict) === d.types.dict) {
    d.part(parts, localsDict);
    d.readMap(localsDict + 4, (k) => '.' + (d.keyText(k) ?? d.inlineRepr(k)), refs, parts, false);
  }
  const parent = slot(d.mem.u8(a + 18) ?? 0);
  if (parent !== undefined && parent !== 0 && d.inPool(parent)) refs.push({ label: '.__bases__', word: parent });
  return { value: `class ${name}`, refs, parts };
}

/** Name of a bytecode function from its prelude (py/bc.h: signature, size, then the name index). */
export function functionName(d: HeapDecoder, fun: number): string | undefined {
  const context = d.mem.u32(fun + 4);
  let ip = d.mem.u32(fun + 12);
  if (context === undefined || ip === undefined) return undefined;
  let z = d.mem.u8(ip++);
  if (z === undefined) return undefined;
  for (let n = 0; z & 0x80 && n < 8; n++) z = d.mem.u8(ip++) ?? 0; // signature bytes
  for (let n = 0; n < 8; n++) {
    z = d.mem.u8(ip++);
    if (z === undefined || !(z & 0x80)) break; // size bytes
  }
  let name = 0;
  for (let n = 0; n < 5; n++) {
    const b = d.mem.u8(ip++);
    if (b === undefined) return undefined;
    name = (name << 7) | (b & 0x7f);
    if (!(b & 0x80)) break;
  }
  // With MICROPY_EMIT_BYTECODE_USES_QSTR_TABLE the prelude holds an index into
  // the module context's qstr table (context + 8), else the qstr itself.
  const table = d.mem.u32(context + 8);
  const viaTable = table !== undefined ? d.mem.u16(table + 2 * name) : undefined;
  if (viaTable !== undefined && d.qstrs?.text(viaTable) !== undefined) return d.qstrs.text(viaTable);
  return d.qstrs?.text(name);
}

function decodeFunction(d: HeapDecoder, a: number) {
  const name = functionName(d, a);
  return { value: `${name ?? '?'}()`, refs: [], parts: [] };
}

function decodeClosure(d: HeapDecoder, a: number) {
  const fun = need(d.mem.u32(a + 4), 'closure function');
  const n = need(d.mem.u32(a + 8), 'closure cell count');
  const refs: RawRef[] = [{ label: 'fun', word: fun }];
  const room = d.allocationAt(a) ? d.allocationAt(a)!.bytes / 4 - 3 : 64;
  d.items(a + 12, Math.min(n, room, 256), refs, () => 'cell');
  const name = d.mem.u32(fun) === d.types.function ? functionName(d, fun) : undefined;
  return { value: `${name ?? '?'}()`, refs, parts: [] };
}

function decodeBoundMethod(d: HeapDecoder, a: number) {
  const meth = need(d.mem.u32(a + 4), 'method');
  const self = need(d.mem.u32(a + 8), 'self');
  const name = d.mem.u32(meth) === d.types.function ? functionName(d, meth) : undefined;
  return {
    value: name ? `${name}()` : '',
    refs: [
      { label: '__func__', word: meth },
      { label: 'self', word: self },
    ],
    parts: [],
  };
}

function decodeModule(d: HeapDecoder, a: number) {
  const globals = need(d.mem.u32(a + 4), 'module globals');
  let name = '?';
  const dictMap = globals + 4;
  const table = d.mem.u32(dictMap + 8);
  const alloc = d.mem.u32(dictMap + 4) ?? 0;
  if (table !== undefined) {
    for (let i = 0; i < Math.min(alloc, 1024); i++) {
      const k = d.mem.u32(table + 8 * i);
      if (k !== undefined && d.keyText(k) === '__name__') {
        name = d.keyText(d.mem.u32(table + 8 * i + 4) ?? 0) ?? '?';
        break;
      }
    }
  }
  return { value: `module ${name}`, refs: [{ label: '.__dict__', word: globals }], parts: [] };
}
