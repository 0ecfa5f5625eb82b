let patched = false;

/**
 * Emscripten's glue decodes strings straight from views on the heap; browsers'
 * TextDecoder refuses views on a SharedArrayBuffer. Copying such a view first
 * keeps the glue working with a shared memory. Call only inside the
 * interpreter's worker: it changes TextDecoder for that whole thread.
 */
export function allowSharedViewsInTextDecoder(): void {
  if (patched || typeof SharedArrayBuffer === 'undefined') return;
  patched = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the decoder as `this`
  const decode = TextDecoder.prototype.decode;
  TextDecoder.prototype.decode = function (input?: AllowSharedBufferSource, options?: TextDecodeOptions) {
    if (ArrayBuffer.isView(input) && input.buffer instanceof SharedArrayBuffer) {
      input = new Uint8Array(input.buffer, input.byteOffset, input.byteLength).slice();
    } else if (input instanceof SharedArrayBuffer) {
      input = new Uint8Array(input).slice();
    }
    return decode.call(this, input, options);
  };
}
