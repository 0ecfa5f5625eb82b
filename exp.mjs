import { loadMicroPython } from '@micropython/micropython-webassembly-pyscript';
const counts = {};
const orig = WebAssembly.instantiate;
let mem;
WebAssembly.instantiate = async function (src, imports) {
  for (const ns of Object.keys(imports))
    for (const k of Object.keys(imports[ns])) {
      const f = imports[ns][k];
      if (typeof f !== 'function') continue;
      imports[ns][k] = function (...a) {
        counts[k] = (counts[k] || 0) + 1;
        return f.apply(this, a);
      };
    }
  const r = await orig.call(this, src, imports);
  mem = (r.instance ?? r).exports.memory;
  return r;
};
let out = '';
const mp = await loadMicroPython({
  heapsize: 256 * 1024,
  stdout: (b) => {
    out += typeof b === 'string' ? b + '\n' : Buffer.from(b).toString();
  },
  linebuffer: false,
});
console.log('mem', mem.buffer.byteLength);
for (const k in counts) delete counts[k];
mp.runPython('for i in range(100000): pass');
console.log(counts);
mp.replInit();
for (const c of '\x01') mp.replProcessChar(c.charCodeAt(0));
for (const c of '\x05A\x01') mp.replProcessChar(c.charCodeAt(0));
console.log(JSON.stringify(out));
out = '';
for (const c of 'print(1+1)\x04') mp.replProcessChar(c.charCodeAt(0));
console.log(JSON.stringify(out));
import('fs');
