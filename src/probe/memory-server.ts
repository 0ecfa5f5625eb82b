import { LAB_NAME_PREFIX } from './lab-names';

/**
 * Memory reads through a board's own CPU, for a board whose memory the lab cannot copy (a Pico on
 * USB): a small Python function the lab defines once per boot, `__phl__mem()`, serves reads
 * until it is told to return. It runs as a program of its own while the board is idle, or inside
 * a stepped program's pause (the REPL is busy then).
 *
 * Requests (host → board, on the program's stdin; no control characters, so none can stop it):
 *   'R' <address: 8 hex digits> <length: 4 hex digits>   read, at most MAX_READ bytes
 *   '.'                                                 return (the stepper's "go on")
 * Reply (board → host, on stdout), one line per read: ESC "PHM " <base64 of the bytes> "\n".
 * Base64 has no byte the raw REPL frames with (Ctrl-D), and costs 4/3 of the bytes.
 *
 * While it serves, the collector is off, so nothing it reads is freed under it; the fast path
 * (viper: compiled to machine code, in MicroPython on a Pico since long before v1.22) reads with
 * ptr8 and encodes into a buffer made once, so a read allocates nothing on the board. A firmware
 * without viper runs the same helpers as plain Python, over a uctypes bytearray (16 bytes per read).
 */
export const SERVER_NAME = `${LAB_NAME_PREFIX}_mem`;
export const SERVE_CALL = `${SERVER_NAME}()`;
/** The most one request may ask for (bytes); the board's reply buffer is sized for it. */
export const MAX_READ = 1536;
export const MEMORY_REPLY = '\x1bPHM ';

/**
 * The reader's two helpers, written so that the same text is valid viper and valid plain Python:
 * with `@micropython.viper` on top, `s` is the address itself (viper reads it with ptr8); without,
 * `s` is a bytearray over that memory (uctypes.bytearray_at) and the annotations are ignored. Either
 * way they work on small ints and buffers made beforehand only, so they allocate nothing.
 */
const HELPERS = [
  'def hx(p: ptr8, i: int, n: int) -> int:',
  '    v = 0',
  '    while n > 0:',
  '        d = p[i]',
  '        if d >= 97:',
  '            d -= 87',
  '        elif d >= 65:',
  '            d -= 55',
  '        else:',
  '            d -= 48',
  '        v = (v << 4) | d',
  '        i += 1',
  '        n -= 1',
  '    return v',
  'def b64(s: ptr8, n: int, out: ptr8, tab: ptr8) -> int:',
  '    i = 0',
  '    j = 0',
  '    while i + 3 <= n:',
  '        b = (s[i] << 16) | (s[i + 1] << 8) | s[i + 2]',
  '        out[j] = tab[b >> 18]',
  '        out[j + 1] = tab[(b >> 12) & 63]',
  '        out[j + 2] = tab[(b >> 6) & 63]',
  '        out[j + 3] = tab[b & 63]',
  '        i += 3',
  '        j += 4',
  '    r = n - i',
  '    if r > 0:',
  '        b = s[i] << 16',
  '        if r == 2:',
  '            b = b | (s[i + 1] << 8)',
  '        out[j] = tab[b >> 18]',
  '        out[j + 1] = tab[(b >> 12) & 63]',
  '        out[j + 2] = 61',
  '        if r == 2:',
  '            out[j + 2] = tab[(b >> 6) & 63]',
  '        out[j + 3] = 61',
  '        j += 4',
  '    return j',
];
const VIPER_SOURCE = [
  'import micropython',
  ...HELPERS.flatMap((line) => (line.startsWith('def ') ? ['@micropython.viper', line] : [line])),
].join('\n');
const PLAIN_SOURCE = HELPERS.join('\n');

/**
 * Python that defines `__phl__mem` (and nothing else that stays): run once per boot, before the
 * collection that cleans the heap, so its own garbage goes with it. Everything the server uses is
 * bound as a default argument: a call allocates no closure, no bound method. Without viper each
 * read makes one bytearray object (16 bytes) over the memory it reads.
 */
export const MEMORY_SERVER_SETUP = `
def ${LAB_NAME_PREFIX}_make():
    import sys, gc
    g = {}
    at = None
    try:
        exec(${JSON.stringify(VIPER_SOURCE)}, g)
    except Exception:
        exec(${JSON.stringify(PLAIN_SOURCE)}, g)
        from uctypes import bytearray_at as at
    def serve(rd=sys.stdin.buffer.readinto, wr=sys.stdout.buffer.write, c=bytearray(1), a=bytearray(12),
              o=bytearray(${Math.ceil(MAX_READ / 3) * 4}), tab=b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
              hx=g['hx'], b64=g['b64'], at=at, gc=gc):
        on = gc.isenabled()
        gc.disable()
        try:
            while 1:
                rd(c)
                k = c[0]
                if k == 46:
                    return
                if k == 82:
                    rd(a)
                    p = hx(a, 0, 8)
                    n = hx(a, 8, 4)
                    if n > ${MAX_READ}:
                        n = ${MAX_READ}
                    wr(b'\\x1bPHM ')
                    wr(o, 0, b64(at(p, n) if at else p, n, o, tab))
                    wr(b'\\n')
        finally:
            if on:
                gc.enable()
    return serve
${SERVER_NAME} = ${LAB_NAME_PREFIX}_make()
del ${LAB_NAME_PREFIX}_make
`;

/** The board stopped answering memory reads, or answered something else. */
export class MemoryReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryReadError';
  }
}

interface PendingRead {
  address: number;
  length: number;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

const DEFAULT_REPLY_MS = 10_000;
const ascii = new TextEncoder();

/**
 * The host's side of the memory server: sends read requests (several may be under way: the board
 * answers in order) and takes the reply lines out of the program's output. Every read settles:
 * with its bytes, or rejected when the board stops answering, the server ends, or fail() is called.
 */
export class MemoryServerClient {
  private readonly pending: PendingRead[] = [];
  private failure: Error | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private partial = '';

  constructor(
    private readonly send: (bytes: Uint8Array) => void,
    private readonly options: { replyMs?: number } = {},
  ) {}

  /** Asks the board for `length` bytes at `address`. */
  read(address: number, length: number): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    if (!Number.isInteger(address) || address < 0 || address > 0xffffffff)
      return Promise.reject(new RangeError(`not an address: ${address}`));
    if (!Number.isInteger(length) || length < 1 || length > MAX_READ)
      return Promise.reject(new RangeError(`a read is 1 to ${MAX_READ} bytes, not ${length}`));
    return new Promise((resolve, reject) => {
      this.pending.push({ address, length, resolve, reject });
      this.send(ascii.encode(`R${address.toString(16).padStart(8, '0')}${length.toString(16).padStart(4, '0')}`));
      if (this.pending.length === 1) this.arm();
    });
  }

  /** Feeds program output; takes the reply lines out and returns the rest (the program's own text). */
  takeReplies(text: string): string {
    this.partial += text;
    let rest = '';
    for (;;) {
      const at = this.partial.indexOf(MEMORY_REPLY);
      if (at < 0) {
        // Keep a tail that may be the start of a reply marker.
        const keep = tailThatMayStart(this.partial, MEMORY_REPLY);
        rest += this.partial.slice(0, this.partial.length - keep);
        this.partial = this.partial.slice(this.partial.length - keep);
        return rest;
      }
      const end = this.partial.indexOf('\n', at);
      if (end < 0) {
        rest += this.partial.slice(0, at);
        this.partial = this.partial.slice(at);
        return rest;
      }
      rest += this.partial.slice(0, at);
      this.acceptLine(this.partial.slice(at, end));
      this.partial = this.partial.slice(end + 1);
    }
  }

  /** One output line (without its line end): a reply is consumed (true), anything else is not. */
  acceptLine(line: string): boolean {
    if (!line.startsWith(MEMORY_REPLY)) return false;
    const read = this.pending.shift();
    if (!read) {
      this.fail(new MemoryReadError('the board sent memory nobody asked for'));
      return true;
    }
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(line.slice(MEMORY_REPLY.length).replace(/\r$/, ''));
    } catch {
      read.reject(new MemoryReadError('the board sent a garbled memory reply'));
      this.fail(new MemoryReadError('the board sent a garbled memory reply'));
      return true;
    }
    if (bytes.length !== read.length) {
      const error = new MemoryReadError(
        `the board sent ${bytes.length} bytes for a read of ${read.length} at 0x${read.address.toString(16)}`,
      );
      read.reject(error);
      this.fail(error);
      return true;
    }
    read.resolve(bytes);
    this.arm();
    return true;
  }

  /** Every read under way, and every later one, fails with `error`. */
  fail(error: Error): void {
    this.failure ??= error;
    clearTimeout(this.timer);
    for (const read of this.pending.splice(0)) read.reject(this.failure);
  }

  /** Tells the server to return (the stepper's "go on" is the same byte). */
  finish(): void {
    clearTimeout(this.timer);
    this.send(ascii.encode('.'));
  }

  /** While reads are under way, the board must answer one within the reply time. */
  private arm(): void {
    clearTimeout(this.timer);
    if (this.pending.length === 0) return;
    const ms = this.options.replyMs ?? DEFAULT_REPLY_MS;
    this.timer = setTimeout(
      () => this.fail(new MemoryReadError(`the board did not answer a memory read within ${ms / 1000} s`)),
      ms,
    );
  }
}

/** How many characters at the end of `text` could begin `marker`. */
function tailThatMayStart(text: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n--) {
    if (marker.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}

function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('not base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
