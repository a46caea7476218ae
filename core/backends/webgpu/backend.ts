/**
 * The `webgpu` backend object: tensor storage on the device, the command queue to the executor,
 * the pipeline cache, and the explicit cpu fallback.
 *
 * Storage. float32, int32 and bool tensors live in GPU storage buffers (bool as one i32 per
 * element, WGSL has no 8-bit storage). Other dtypes (float64, int64, complex, string, 8/16-bit
 * ints, float16) are kept in host memory as the cpu backend's typed arrays: every op on them runs
 * the cpu kernel (listed by `tf.config.list_cpu_fallbacks()`).
 *
 * Handles and memory. A handle points to a reference-counted buffer; views (Reshape, Identity,
 * variable reads) share the buffer, which is freed when the last handle is disposed. Handles
 * dropped without `dispose()` are reclaimed by a FinalizationRegistry (when the event loop turns);
 * inside synchronous loops Keras `fit`, `tf.function`, `tf.tidy` free deterministically.
 */
import type { Backend, Kernel, OutSpec } from "../backend";
import type { DataArray, DType } from "../../tensor/dtypes";
import { allocArray, toArray } from "../../tensor/dtypes";
import { Tensor } from "../../tensor/tensor";
import { sizeOf } from "../../tensor/shape";
import { getBackend } from "../../engine/engine";
import type { DeviceLink } from "./link";
import type { ExecutorInfo } from "./executor";

/** Element type of a dtype's device storage, or null when the dtype stays in host memory. */
export type GType = "f32" | "i32";
export function gtypeOf(d: DType): GType | null {
  switch (d.name) {
    case "float32": return "f32";
    case "int32": case "bool": return "i32";
    default: return null;
  }
}

export class GBuf {
  refs = 1;
  constructor(readonly id: number, readonly bytes: number) {}
}
/** A tensor's storage: a device buffer, or a host array for dtypes the device does not hold. */
export class GHandle {
  constructor(readonly buf: GBuf | null, readonly host: DataArray | null) {}
}

/** A compiled program: WGSL with binding 0 = uniforms, then inputs, then outputs. */
export interface Program { id: number; nIn: number; nOut: number; key: string }

/** Builds a dispatch's uniform words (ints, and floats by bit pattern). */
export class Uniforms {
  readonly i32 = new Int32Array(64);
  private readonly f32 = new Float32Array(this.i32.buffer);
  n = 0;
  int(...v: number[]): this { for (const x of v) this.i32[this.n++] = x; return this; }
  float(...v: number[]): this { for (const x of v) this.f32[this.n++] = x; return this; }
  /** Current word index (where the next value goes). */
  get at(): number { return this.n; }
}

const MAX_BATCH = 256;

/** An environment variable (Node), or undefined (browsers). */
export function env(name: string): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env?.[name];
}

export class WebGPUBackend implements Backend {
  readonly name = "webgpu";
  readonly deviceType = "GPU" as const;
  readonly kernels = new Map<string, Kernel>();
  readonly info: ExecutorInfo;
  /** Ops that ran (or are registered to run) on the cpu, with the reason. */
  readonly fallbackReasons = new Map<string, string>();
  private readonly warned = new Set<string>();
  private readonly hostOps = new Map<string, Set<string>>();
  private cmds: unknown[] = [];
  private transfer: ArrayBuffer[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  private nextBuf = 1;
  private nextReq = 1;
  private nextProg = 1;
  private readonly programs = new Map<string, Program>();
  private liveBytes = 0;
  private liveBuffers = 0;
  private readonly registry = new FinalizationRegistry<GBuf>((b) => this.unref(b));

  /** GEMM code path: "tiled" (workgroup memory) for GPUs, "direct" for CPU-emulated adapters. */
  gemmVariant: "tiled" | "direct";

  constructor(readonly link: DeviceLink) {
    this.info = link.info;
    const a = this.info.adapter;
    const software = /llvmpipe|lavapipe|swiftshader|software/i.test(`${a.vendor} ${a.architecture} ${a.description} ${a.device}`);
    const forced = env("TF_WEBGPU_GEMM");
    this.gemmVariant = forced === "tiled" || forced === "direct" ? forced : software ? "direct" : "tiled";
  }

  get limits(): Record<string, number> { return this.info.limits; }

  // ------------------------------------------------------------------ command queue
  private push(cmd: unknown[], transfer?: ArrayBuffer): void {
    this.cmds.push(cmd);
    if (transfer) { this.transfer.push(transfer); this.pendingBytes += transfer.byteLength; }
    if (this.cmds.length >= MAX_BATCH || this.pendingBytes > 1 << 24) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => { this.flushScheduled = false; this.flush(); });
    }
  }
  /** Sends queued commands to the executor. */
  flush(): void {
    if (!this.cmds.length) return;
    const b = this.cmds, t = this.transfer;
    this.cmds = []; this.transfer = []; this.pendingBytes = 0;
    this.link.send(b, t);
  }

  // ------------------------------------------------------------------ buffers and handles
  private newBuf(bytes: number): GBuf {
    const b = new GBuf(this.nextBuf++, bytes);
    this.liveBytes += bytes;
    this.liveBuffers++;
    return b;
  }
  private handle(buf: GBuf): GHandle {
    const h = new GHandle(buf, null);
    this.registry.register(h, buf, h);
    return h;
  }
  private unref(b: GBuf): void {
    if (--b.refs > 0) return;
    this.liveBytes -= b.bytes;
    this.liveBuffers--;
    this.push([2, b.id]);
  }
  /** A new device buffer for an output of `dtype` and `shape`. */
  out(spec: OutSpec): GHandle {
    const n = sizeOf(spec.shape);
    const b = this.newBuf(4 * n);
    this.push([0, b.id, 4 * n]);
    return this.handle(b);
  }
  /** Another handle on the same storage (reshape-like views). */
  view(h: GHandle): GHandle {
    if (!h.buf) return new GHandle(null, h.host);
    h.buf.refs++;
    return this.handle(h.buf);
  }
  /** Uploads `data` (already in device layout) as a new buffer. */
  upload(data: Float32Array | Int32Array): GHandle {
    const copy = new (data.constructor as Int32ArrayConstructor)(data.length);
    copy.set(data as Int32Array);
    const b = this.newBuf(copy.byteLength);
    this.push([1, b.id, copy.byteLength, copy.buffer], copy.buffer);
    return this.handle(b);
  }

  write(values: DataArray, shape: readonly number[], dtype: DType): unknown {
    const g = gtypeOf(dtype);
    if (Array.isArray(values) && dtype.kind !== "s") values = toArray(dtype, values as unknown as number[]);
    if (!g) {
      // Host storage must be the cpu backend's array type for the dtype.
      if (dtype.kind !== "s" && dtype.kind !== "c" && values.constructor !== allocArray(dtype, 0).constructor) values = toArray(dtype, values as ArrayLike<number>);
      return new GHandle(null, values);
    }
    const n = sizeOf(shape);
    const arr = g === "f32" ? new Float32Array(n) : new Int32Array(n);
    arr.set(values as Float32Array);
    const b = this.newBuf(arr.byteLength);
    this.push([1, b.id, arr.byteLength, arr.buffer], arr.buffer);
    return this.handle(b);
  }

  private toHost(ab: ArrayBuffer, dtype: DType): DataArray {
    if (dtype.name === "float32") return new Float32Array(ab);
    if (dtype.name === "int32") return new Int32Array(ab);
    const out = allocArray(dtype, ab.byteLength / 4) as Uint8Array;
    out.set(new Int32Array(ab));
    return out;
  }

  /** Reads several device tensors in one round trip. */
  readManySync(items: { h: GHandle; dtype: DType }[]): DataArray[] {
    const dev = items.filter((x) => x.h.buf);
    let datas: ArrayBuffer[] = [];
    if (dev.length) {
      if (!this.link.canReadSync) {
        throw new Error(
          "webgpu: synchronous reads (dataSync, numpy, printing) are not possible in this thread of a browser: " +
          "use `await t.data()` (or run tensorflow-ts in Node, where a worker thread owns the device).",
        );
      }
      const reqId = this.nextReq++;
      this.cmds.push([5, reqId, dev.map((x) => x.h.buf!.id), dev.map((x) => x.h.buf!.bytes), true]);
      this.flush();
      const r = this.link.waitReply(reqId);
      if (r.error) throw new Error(`webgpu: ${r.error}`);
      datas = r.data;
    }
    let k = 0;
    return items.map((x) => (x.h.buf ? this.toHost(datas[k++], x.dtype) : x.h.host!));
  }

  readSync(handle: unknown, _shape: readonly number[], dtype: DType): DataArray {
    return this.readManySync([{ h: handle as GHandle, dtype }])[0];
  }

  async read(handle: unknown, _shape: readonly number[], dtype: DType): Promise<DataArray> {
    const h = handle as GHandle;
    if (!h.buf) return h.host!;
    const reqId = this.nextReq++;
    this.cmds.push([5, reqId, [h.buf.id], [h.buf.bytes], false]);
    const p = this.link.reply(reqId);
    this.flush();
    const r = await p;
    if (r.error) throw new Error(`webgpu: ${r.error}`);
    return this.toHost(r.data[0], dtype);
  }

  dispose(handle: unknown): void {
    const h = handle as GHandle;
    if (!h.buf) return;
    this.registry.unregister(h);
    this.unref(h.buf);
  }

  memory(): { numBytes: number; numTensors: number } {
    return { numBytes: this.liveBytes, numTensors: this.liveBuffers };
  }

  // ------------------------------------------------------------------ programs
  program(key: string, nIn: number, nOut: number, wgsl: () => string): Program {
    let p = this.programs.get(key);
    if (!p) {
      p = { id: this.nextProg++, nIn, nOut, key };
      this.programs.set(key, p);
      const src = wgsl();
      this.push([3, p.id, src, nIn, nOut]);
      if (env("TF_WEBGPU_DEBUG")) console.log(`--- ${key}\n${src}`);
    }
    return p;
  }
  /** Queues one dispatch. */
  run(p: Program, inputs: GHandle[], outputs: GHandle[], u: Uniforms | null, grid: [number, number, number]): void {
    if (grid[0] === 0 || grid[1] === 0 || grid[2] === 0) return;
    const ids: number[] = [];
    for (const h of inputs) ids.push(h.buf!.id);
    for (const h of outputs) ids.push(h.buf!.id);
    this.push([4, p.id, ids, u ? u.i32.slice(0, Math.max(1, u.n)) : null, grid[0], grid[1], grid[2]]);
  }
  /** Workgroup grid for `n` invocations of `wg` threads each: x up to the per-dimension limit, rest in y. */
  grid1d(n: number, wg: number): [number, number, number] {
    const groups = Math.ceil(n / wg);
    if (groups === 0) return [0, 1, 1];
    const maxX = this.limits.maxComputeWorkgroupsPerDimension || 65535;
    const x = Math.min(groups, maxX);
    return [x, Math.ceil(groups / x), 1];
  }

  // ------------------------------------------------------------------ explicit cpu fallback
  /**
   * Runs the cpu kernel of `op` on this backend's tensors: device inputs are read back (one round
   * trip), outputs of device dtypes are uploaded. Warns once per op; listed by
   * `tf.config.list_cpu_fallbacks()`.
   */
  runOnCpu(op: string, inputs: Tensor[], attrs: any, outs: OutSpec[], reason: string, hostDType?: string): unknown[] {
    if (hostDType) {
      // Ops on host-memory dtypes: one entry and one warning per dtype.
      let s = this.hostOps.get(hostDType);
      if (!s) {
        this.hostOps.set(hostDType, (s = new Set()));
        if (!env("TF_WEBGPU_QUIET")) console.warn(`tensorflow-ts: webgpu keeps ${hostDType} tensors in host memory; ops on them ('${op}', ...) run on the cpu.`);
      }
      s.add(op);
    } else {
      if (!this.fallbackReasons.has(op)) this.fallbackReasons.set(op, reason);
      if (!this.warned.has(op)) {
        this.warned.add(op);
        if (!env("TF_WEBGPU_QUIET")) console.warn(`tensorflow-ts: webgpu runs '${op}' on the cpu (${reason}).`);
      }
    }
    const cpu = getBackend("cpu");
    const k = cpu.kernels.get(op);
    if (!k) throw new Error(`webgpu: no cpu kernel for '${op}'`);
    const host = this.readManySync(inputs.map((t) => ({ h: t._handle as GHandle, dtype: t.dtype })));
    const cpuIns = inputs.map((t, i) => new Tensor(t.shape, t.dtype, host[i], cpu));
    const res = k(cpuIns, attrs, outs, cpu);
    return res.map((arr, i) => this.write(arr as DataArray, outs[i].shape, outs[i].dtype));
  }
  /** Records a fallback known at registration (listed even before it runs). */
  declareFallback(op: string, reason: string): void {
    this.fallbackReasons.set(op, reason);
  }
  /** op -> reason; ops on host-memory dtypes appear as one entry per dtype, `(float64)`. */
  fallbacks(): Map<string, string> {
    const m = new Map(this.fallbackReasons);
    for (const [d, ops] of this.hostOps) m.set(`(${d})`, `${d} tensors stay in host memory on webgpu: every op on them runs on the cpu (so far: ${[...ops].sort().join(", ")})`);
    return m;
  }
}

/** True when every input and output of a call has device storage. */
export function allOnDevice(inputs: Tensor[], outs: OutSpec[]): boolean {
  for (const t of inputs) if (!(t._handle as GHandle).buf) return false;
  for (const o of outs) if (!gtypeOf(o.dtype)) return false;
  return true;
}
