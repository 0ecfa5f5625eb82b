/// <reference lib="webworker" />
// Web Worker entry: hosts the Virtual Pico off the page's main thread.
import { projectRom } from './default-rom';
import { PicoHost } from './pico-host';
import type { WorkerInbound, WorkerOutbound, WorkerRequest, WorkerResult } from './worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let host: PicoHost | null = null;

function post(message: WorkerOutbound, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function required(): PicoHost {
  if (!host) throw new Error('The Virtual Pico has not been started.');
  return host;
}

function handle(request: WorkerRequest): WorkerResult {
  switch (request.type) {
    case 'start': {
      host?.dispose();
      const h = new PicoHost({
        flash: request.flash,
        installRom: projectRom,
        onWarning: (message) => post({ type: 'warning', message }),
      });
      h.data.add((bytes) => post({ type: 'data', bytes }, [bytes.buffer]));
      h.statusChanged.add((status, detail) => post({ type: 'status', status, detail }));
      host = h;
      post({ type: 'status', status: h.status, detail: h.statusDetail });
      h.start();
      return undefined;
    }
    case 'pause':
      required().pause();
      return undefined;
    case 'resume':
      required().resume();
      return undefined;
    case 'powerCycle':
      required().powerCycle();
      return undefined;
    case 'loadFirmware':
      required().loadFirmware(request.image, request.endOffset);
      return undefined;
    case 'replaceFlash':
      required().replaceFlash(request.flash);
      return undefined;
    case 'snapshot':
      return required().snapshot(request.includeFlash);
    case 'getFlash':
      return required().getFlash();
    case 'stats':
      return required().stats();
    case 'dispose':
      host?.dispose();
      host = null;
      return undefined;
  }
}

scope.onmessage = (event: MessageEvent<WorkerInbound>) => {
  const message = event.data;
  if (message.type === 'write') {
    host?.write(message.bytes);
    return;
  }
  try {
    const result = handle(message);
    const transfer: Transferable[] = [];
    if (result instanceof Uint8Array) transfer.push(result.buffer);
    else if (result && 'regions' in result) for (const r of result.regions) transfer.push(r.bytes.buffer);
    post({ type: 'reply', id: message.id, result }, transfer);
  } catch (error) {
    post({ type: 'reply', id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
};
