// Promise-based client of the training worker. `ready` settles once the engine has
// loaded (with what the worker sends then); calls made before that wait in the worker.
import { fromMessage } from './engine-errors.js';

export class EngineClient {
  constructor(onProgress) {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.pending = new Map();
    this.nextId = 1;
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (e) => {
        const m = e.data;
        if (m.event === 'ready') return resolve(m);
        if (m.event === 'failed') return reject(new Error(m.message));
        if (m.event) return onProgress(m);
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.result);
        else p.reject(fromMessage(m.error));
      };
      this.worker.onerror = (e) => reject(new Error(e.message || 'the engine failed to start'));
    });
    this.ready.catch(() => {});
  }

  call(op, args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args });
    });
  }
}
