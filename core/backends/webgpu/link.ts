/**
 * How the `webgpu` backend reaches its executor.
 *
 *  - Node (`WorkerLink`): a worker thread owns the device (the npm package `webgpu`, Dawn). The
 *    main thread posts command batches; a synchronous read posts its request and blocks in
 *    `Atomics.wait` on a SharedArrayBuffer flag until the worker has the bytes, then takes the
 *    reply with `receiveMessageOnPort` — so `dataSync()`, `numpy()` and printing work in Node.
 *    The worker is unref'd: it never keeps a process alive.
 *  - Browsers (`InThreadLink`): the executor runs in the page's thread on `navigator.gpu`. Reads
 *    are asynchronous only (`await t.data()`); a synchronous read throws and says so, since the
 *    main thread of a page may not block.
 */
import { executorMain, workerMain, type ExecutorInfo } from "./executor";

export interface DeviceLink {
  readonly info: ExecutorInfo;
  readonly canReadSync: boolean;
  send(batch: unknown[], transfer: ArrayBuffer[]): void;
  /** Blocks until the reply to `reqId` (a read sent with sync = true) arrives. */
  waitReply(reqId: number): { data: ArrayBuffer[]; error: string | null };
  reply(reqId: number): Promise<{ data: ArrayBuffer[]; error: string | null }>;
}

type Reply = { reqId: number; data: ArrayBuffer[]; error: string | null };

/** `process.getBuiltinModule` (Node >= 20.16) keeps bundlers from seeing Node modules. */
function builtin(name: string): any {
  const p = (globalThis as any).process;
  if (p && typeof p.getBuiltinModule === "function") return p.getBuiltinModule(name);
  if (typeof require === "function") return require(name);
  throw new Error(`Node module '${name}' is unavailable`);
}

/** Where `webgpu` resolves from this package (or the working directory). */
function resolveWebgpu(): string {
  const { createRequire } = builtin("module");
  const path = builtin("path");
  const bases = [typeof __filename === "string" ? __filename : "", path.join(process.cwd(), "index.js")].filter(Boolean);
  for (const b of bases) {
    try { return createRequire(b).resolve("webgpu"); } catch { /* next */ }
  }
  throw new Error("the npm package 'webgpu' is not installed (npm install webgpu)");
}

/** Dawn worker threads started in this process (tests check that importing starts none). */
export const started = { workers: 0 };

export class WorkerLink implements DeviceLink {
  readonly info: ExecutorInfo;
  readonly canReadSync = true;
  private readonly port: any;
  private readonly flag: Int32Array;
  private readonly receive: (port: any) => { message: any } | undefined;
  private readonly pending = new Map<number, (r: Reply) => void>();
  private readonly worker: any;

  constructor(timeoutMs = 60_000) {
    const wt = builtin("worker_threads");
    started.workers++;
    this.receive = wt.receiveMessageOnPort;
    const modulePath = resolveWebgpu();
    const sab = new SharedArrayBuffer(4);
    this.flag = new Int32Array(sab);
    const { port1, port2 } = new wt.MessageChannel();
    this.port = port1;
    const flags = (process.env.TF_WEBGPU_FLAGS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    // Some transpilers (esbuild keepNames: tsx, vitest) insert `__name(fn, "name")` calls into
    // function bodies; the worker gets a stand-in since the source runs outside its module.
    const src = `var __name = (f) => f;\n(${workerMain.toString()})(require("worker_threads"), require, ${executorMain.toString()});`;
    this.worker = new wt.Worker(src, { eval: true, workerData: { port: port2, flag: sab, modulePath, flags }, transferList: [port2], stderr: false });
    this.worker.unref();
    this.worker.on("error", (e: Error) => { this.fatal = `webgpu worker failed: ${e.message}`; });
    const r = Atomics.wait(this.flag, 0, 0, timeoutMs);
    const m = this.receive(this.port);
    if (r === "timed-out" && !m) {
      void this.worker.terminate();
      throw new Error(`the WebGPU device did not start within ${timeoutMs / 1000} s`);
    }
    const msg = m?.message;
    if (!msg?.init) {
      void this.worker.terminate();
      throw new Error(msg?.error ?? "the WebGPU worker did not answer");
    }
    this.info = msg.init;
    this.port.on("message", (r: Reply) => this.deliver(r));
    this.port.unref();
    process.once("exit", () => this.close());
  }

  private closed = false;
  /** Lets the worker finish and go idle (Dawn aborts the process when torn down mid-call). */
  close(): void {
    if (this.closed || this.fatal) return;
    this.closed = true;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage([[9]]);
    Atomics.wait(this.flag, 0, 0, 5000);
  }

  fatal: string | null = null;

  send(batch: unknown[], transfer: ArrayBuffer[]): void {
    if (this.fatal) throw new Error(this.fatal);
    if (this.closed) return;
    const last = batch[batch.length - 1] as unknown[];
    if (last && last[0] === 5 && last[4] === true) Atomics.store(this.flag, 0, 0);
    this.port.postMessage(batch, transfer);
  }

  private deliver(r: Reply): void {
    const f = this.pending.get(r.reqId);
    if (!f) return;
    this.pending.delete(r.reqId);
    if (this.pending.size === 0) this.port.unref();
    f(r);
  }

  waitReply(reqId: number): Reply {
    // The worker's own error events cannot be delivered while this thread blocks: give up after
    // TF_WEBGPU_TIMEOUT_S (default 600) seconds instead of waiting forever on a dead worker.
    const limit = Date.now() + 1000 * Number(process.env.TF_WEBGPU_TIMEOUT_S || 600);
    for (;;) {
      const m = this.receive(this.port);
      if (m) {
        const r = m.message as Reply;
        if (r.reqId === reqId) return r;
        this.deliver(r);
        continue;
      }
      if (this.fatal) throw new Error(this.fatal);
      if (Date.now() > limit) throw new Error("webgpu: the device worker did not answer a read (TF_WEBGPU_TIMEOUT_S)");
      // Wait for the worker's signal (it stores 1 after posting a sync reply); re-check the port.
      Atomics.wait(this.flag, 0, 0, 50);
    }
  }

  reply(reqId: number): Promise<Reply> {
    return new Promise((resolve) => {
      this.pending.set(reqId, resolve);
      this.port.ref();
    });
  }
}

export class InThreadLink implements DeviceLink {
  readonly canReadSync = false;
  private readonly pending = new Map<number, (r: Reply) => void>();
  private constructor(readonly info: ExecutorInfo, private readonly ex: ReturnType<typeof executorMain>) {}

  static async create(gpu: any): Promise<InThreadLink> {
    const g = globalThis as any;
    let link: InThreadLink | null = null;
    const early: Reply[] = [];
    const ex = executorMain({
      gpu,
      usage: g.GPUBufferUsage,
      mapRead: g.GPUMapMode.READ,
      reply: (m: Reply) => { if (link) link.deliver(m); else early.push(m); },
      wake: () => {},
    });
    const info = await ex.init();
    link = new InThreadLink(info, ex);
    return link;
  }

  private deliver(r: Reply): void {
    const f = this.pending.get(r.reqId);
    if (f) { this.pending.delete(r.reqId); f(r); }
  }
  send(batch: unknown[]): void { this.ex.run(batch as any[]); }
  waitReply(): Reply {
    throw new Error("unreachable: in-thread WebGPU has no synchronous read");
  }
  reply(reqId: number): Promise<Reply> {
    return new Promise((resolve) => this.pending.set(reqId, resolve));
  }
}
