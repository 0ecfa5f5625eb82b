// The official MicroPython WebAssembly build ships JavaScript without type declarations.
declare module '@micropython/micropython-webassembly-pyscript' {
  export function loadMicroPython(options: {
    heapsize?: number;
    pystack?: number;
    url?: string;
    linebuffer?: boolean;
    stdin?: () => number | null;
    /** With `linebuffer: false` the build passes bytes. */
    stdout?: (data: Uint8Array) => void;
    stderr?: (data: Uint8Array) => void;
  }): Promise<unknown>;
}
