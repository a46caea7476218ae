/**
 * The WebGPU executor: owns the GPUDevice, its buffers (with a size-class pool), the compute
 * pipelines, and runs the command batches the `webgpu` backend sends it.
 *
 * It is one self-contained function on purpose: Node runs it in a worker thread from its source
 * text (`Function.prototype.toString`, so the same code serves `tsc` output, vitest and bundlers),
 * and browsers run it in the page's own thread. It must not reference anything outside itself.
 *
 * Commands (arrays, cheap to structured-clone):
 *   [0, id, bytes]                     allocate a storage buffer
 *   [1, id, bytes, ArrayBuffer]        allocate and upload
 *   [2, id]                            free (back to the pool once the work using it is submitted)
 *   [3, pid, wgsl, nIn, nOut]          compile a pipeline: binding 0 uniform, then inputs (read), outputs (read_write)
 *   [4, pid, ids, Int32Array, gx, gy, gz]  dispatch (ids: inputs then outputs)
 *   [5, reqId, ids, bytes[], sync]     read buffers back; answered with { reqId, data: ArrayBuffer[], error }
 *   [9]                                (alone in its batch, worker only) shut down before the process exits
 *
 * Ordering: all work goes through one queue. Uniforms of one command encoder live in one arena
 * buffer written just before its submit. A queue.writeBuffer runs before work submitted after it,
 * so an upload must never target a buffer the pending encoder still uses: freed buffers return
 * to the pool only after the encoder that used them is submitted, and uploads take pooled or new
 * buffers only.
 */
export interface ExecutorHost {
  /** `navigator.gpu`, or the object `create()` of the npm package `webgpu` returns. */
  gpu: any;
  /** GPUBufferUsage / GPUMapMode (globals in browsers, `globals` of the npm package in Node). */
  usage: { MAP_READ: number; COPY_SRC: number; COPY_DST: number; STORAGE: number; UNIFORM: number };
  mapRead: number;
  /** Sends a reply (read results, init info) to the backend. */
  reply(msg: any, transfer: ArrayBuffer[]): void;
  /** Wakes a thread blocked on a synchronous read (no-op in-thread). */
  wake(): void;
}

export interface ExecutorInfo {
  adapter: { vendor: string; architecture: string; device: string; description: string };
  limits: Record<string, number>;
  features: string[];
}

export function executorMain(host: ExecutorHost): { init(): Promise<ExecutorInfo>; run(batch: any[]): void; idle(): Promise<void> } {
  const U = host.usage;
  const UNIFORM_SLOT = 256;
  const ARENA = 1 << 18; // 1024 dispatches per encoder
  let device: any = null;
  let queue: any = null;
  const bufs = new Map<number, any>();
  const sizes = new Map<number, number>();
  const pool = new Map<number, any[]>();
  const pipes = new Map<number, { pipeline: any; layout: any; nIn: number; nOut: number }>();
  let encoder: any = null;
  let pass: any = null;
  const arena = new ArrayBuffer(ARENA);
  const arenaI32 = new Int32Array(arena);
  let arenaUsed = 0;
  let arenaBuf: any = null;
  let pendingFree: number[] = [];
  /** Errors seen (validation / out-of-memory), reported with the next read. */
  let errors: string[] = [];
  let scopes: Promise<void> = Promise.resolve();
  const stagingPool = new Map<number, any[]>();

  function sizeClass(bytes: number): number {
    const b = Math.max(16, bytes);
    if (b <= 1 << 20) { let c = 16; while (c < b) c *= 2; return c; }
    return Math.ceil(b / (1 << 20)) * (1 << 20);
  }
  function take(bytes: number): any {
    const c = sizeClass(bytes);
    const free = pool.get(c);
    if (free && free.length) return free.pop();
    return device.createBuffer({ size: c, usage: U.STORAGE | U.COPY_SRC | U.COPY_DST });
  }
  function release(id: number): void {
    const b = bufs.get(id);
    if (!b) return;
    bufs.delete(id);
    const c = b.size as number;
    let free = pool.get(c);
    if (!free) pool.set(c, (free = []));
    free.push(b);
  }
  function submit(): void {
    if (!encoder) return;
    if (pass) { pass.end(); pass = null; }
    if (arenaUsed) queue.writeBuffer(arenaBuf, 0, arena, 0, arenaUsed);
    queue.submit([encoder.finish()]);
    encoder = null;
    arenaUsed = 0;
    for (const id of pendingFree) release(id);
    pendingFree = [];
  }
  function dispatch(pid: number, ids: number[], uni: Int32Array | null, gx: number, gy: number, gz: number): void {
    const p = pipes.get(pid);
    if (!p) throw new Error(`webgpu executor: unknown pipeline ${pid}`);
    if (arenaUsed + UNIFORM_SLOT > ARENA) submit();
    if (!encoder) encoder = device.createCommandEncoder();
    if (!pass) pass = encoder.beginComputePass();
    const off = arenaUsed;
    if (uni) arenaI32.set(uni.length > UNIFORM_SLOT / 4 ? uni.subarray(0, UNIFORM_SLOT / 4) : uni, off / 4);
    arenaUsed += UNIFORM_SLOT;
    const entries: any[] = [{ binding: 0, resource: { buffer: arenaBuf, offset: off, size: UNIFORM_SLOT } }];
    for (let i = 0; i < ids.length; i++) {
      const b = bufs.get(ids[i]);
      if (!b) throw new Error(`webgpu executor: buffer ${ids[i]} is not allocated`);
      entries.push({ binding: i + 1, resource: { buffer: b, offset: 0, size: Math.max(4, sizes.get(ids[i])!) } });
    }
    const group = device.createBindGroup({ layout: p.layout, entries });
    pass.setPipeline(p.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(gx, gy, gz);
  }
  function pipeline(pid: number, wgsl: string, nIn: number, nOut: number): void {
    const entries: any[] = [{ binding: 0, visibility: 4 /* COMPUTE */, buffer: { type: "uniform" } }];
    for (let i = 0; i < nIn; i++) entries.push({ binding: 1 + i, visibility: 4, buffer: { type: "read-only-storage" } });
    for (let i = 0; i < nOut; i++) entries.push({ binding: 1 + nIn + i, visibility: 4, buffer: { type: "storage" } });
    const layout = device.createBindGroupLayout({ entries });
    const module = device.createShaderModule({ code: wgsl });
    const pl = device.createComputePipeline({
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: "main" },
    });
    pipes.set(pid, { pipeline: pl, layout, nIn, nOut });
  }
  let reading: Promise<void> = Promise.resolve();
  async function read(reqId: number, ids: number[], byteCounts: number[], sync: boolean): Promise<void> {
    submit();
    const data: ArrayBuffer[] = [];
    try {
      const stagings: any[] = [];
      const enc = device.createCommandEncoder();
      for (let i = 0; i < ids.length; i++) {
        const bytes = Math.max(4, (byteCounts[i] + 3) & ~3);
        const c = sizeClass(bytes);
        const free = stagingPool.get(c);
        const st = free && free.length ? free.pop() : device.createBuffer({ size: c, usage: U.MAP_READ | U.COPY_DST });
        const src = bufs.get(ids[i]);
        if (!src) throw new Error(`webgpu executor: read of buffer ${ids[i]}, which is not allocated`);
        if (byteCounts[i] > 0) enc.copyBufferToBuffer(src, 0, st, 0, bytes);
        stagings.push(st);
      }
      queue.submit([enc.finish()]);
      for (let i = 0; i < ids.length; i++) {
        const st = stagings[i];
        await st.mapAsync(host.mapRead, 0, st.size);
        data.push(st.getMappedRange(0, Math.max(4, (byteCounts[i] + 3) & ~3)).slice(0, byteCounts[i]));
        st.unmap();
        let free = stagingPool.get(st.size);
        if (!free) stagingPool.set(st.size, (free = []));
        free.push(st);
      }
    } catch (e) {
      errors.push(String((e as Error)?.message ?? e));
    }
    await scopes;
    const error = errors.length ? errors.join("\n") : null;
    errors = [];
    host.reply({ reqId, data, error }, error ? [] : data);
    if (sync) host.wake();
  }
  function run(batch: any[]): void {
    device.pushErrorScope("out-of-memory");
    device.pushErrorScope("validation");
    for (const c of batch) {
      try {
        switch (c[0]) {
          case 0: {
            bufs.set(c[1], take(c[2])); sizes.set(c[1], c[2]);
            break;
          }
          case 1: {
            // No submit needed: a pooled buffer is never one the unsubmitted encoder uses
            // (buffers freed during it return to the pool only after its submit).
            const b = take(c[2]);
            bufs.set(c[1], b); sizes.set(c[1], c[2]);
            if (c[2] > 0) queue.writeBuffer(b, 0, c[3], 0, (c[2] + 3) & ~3);
            break;
          }
          case 2: pendingFree.push(c[1]); sizes.delete(c[1]); break;
          case 3: pipeline(c[1], c[2], c[3], c[4]); break;
          case 4: dispatch(c[1], c[2], c[3], c[4], c[5], c[6]); break;
          case 5: { const r = read(c[1], c[2], c[3], c[4]); reading = Promise.all([reading, r]).then(() => {}); break; }
          default: throw new Error(`webgpu executor: unknown command ${c[0]}`);
        }
      } catch (e) {
        errors.push(String((e as Error)?.message ?? e));
      }
    }
    submit();
    const v = device.popErrorScope(), m = device.popErrorScope();
    scopes = Promise.all([scopes, v, m]).then(([, ev, em]) => {
      if (ev) errors.push(`validation: ${ev.message}`);
      if (em) errors.push(`out of memory: ${em.message}`);
    });
  }
  async function init(): Promise<ExecutorInfo> {
    const adapter = await host.gpu.requestAdapter();
    if (!adapter) throw new Error("no WebGPU adapter (requestAdapter returned null)");
    const want = [
      "maxStorageBuffersPerShaderStage", "maxComputeWorkgroupStorageSize", "maxComputeInvocationsPerWorkgroup",
      "maxComputeWorkgroupSizeX", "maxComputeWorkgroupSizeY", "maxComputeWorkgroupsPerDimension",
      "maxStorageBufferBindingSize", "maxBufferSize",
    ];
    const requiredLimits: Record<string, number> = {};
    for (const k of want) if (typeof adapter.limits[k] === "number") requiredLimits[k] = adapter.limits[k];
    device = await adapter.requestDevice({ requiredLimits });
    queue = device.queue;
    arenaBuf = device.createBuffer({ size: ARENA, usage: U.UNIFORM | U.COPY_DST });
    const limits: Record<string, number> = {};
    for (const k of want) limits[k] = device.limits[k];
    const info = adapter.info ?? {};
    const features: string[] = [];
    adapter.features?.forEach?.((f: string) => features.push(f));
    return {
      adapter: { vendor: info.vendor ?? "", architecture: info.architecture ?? "", device: info.device ?? "", description: info.description ?? "" },
      limits, features,
    };
  }
  /** Settles when every error scope and read issued so far has (Dawn aborts if they are pending at exit). */
  function idle(): Promise<void> {
    return Promise.all([scopes, reading, device ? device.queue.onSubmittedWorkDone() : null]).then(() => {});
  }
  return { init, run, idle };
}

/**
 * The worker thread's entry (Node): loads the npm package `webgpu` (Dawn), keeps a strong
 * reference to the object `create()` returns (Dawn crashes when it is collected), and serves
 * the backend over a MessagePort; synchronous reads are signalled through a SharedArrayBuffer.
 */
export function workerMain(wt: any, req: any, executor: typeof executorMain): void {
  const { port, flag, modulePath, flags } = wt.workerData;
  const flagArr = new Int32Array(flag);
  const wake = () => { Atomics.store(flagArr, 0, 1); Atomics.notify(flagArr, 0); };
  let ex: ReturnType<typeof executorMain> | null = null;
  try {
    let mod: any;
    try { mod = req(modulePath); } catch { mod = req("webgpu"); }
    const { create, globals } = mod;
    Object.assign(globalThis, globals);
    const gpu = create(flags ?? []);
    (globalThis as any).__tensorflowTsDawn = gpu; // strong reference for the thread's lifetime
    ex = executor({
      gpu,
      usage: (globalThis as any).GPUBufferUsage,
      mapRead: (globalThis as any).GPUMapMode.READ,
      reply: (m, t) => port.postMessage(m, t),
      wake,
    });
  } catch (e) {
    port.postMessage({ init: null, error: `cannot load the npm package 'webgpu': ${(e as Error).message}` });
    wake();
    return;
  }
  const exec = ex;
  exec.init().then(
    (info) => { port.postMessage({ init: info }); wake(); },
    (e) => { port.postMessage({ init: null, error: String((e as Error)?.message ?? e) }); wake(); },
  );
  let closed = false;
  port.on("message", (batch: any[]) => {
    if (closed) return;
    // [[9]]: the process is exiting. Finish, stop listening and say so, so that the thread is idle
    // (not inside Dawn) when Node tears it down.
    if (batch.length === 1 && batch[0][0] === 9) {
      closed = true;
      exec.idle().catch(() => {}).then(() => { port.close(); wake(); });
      return;
    }
    exec.run(batch);
  });
}
