/**
 * The `cuda` backend object: one CUDA context (the device's primary context), one stream that every
 * kernel, copy and memset is queued on, one PTX module, pooled device memory.
 *
 * Asynchrony. Kernels are queued and return at once; nothing waits until values are needed:
 * `dataSync()` / `readSync` copies device->host on the stream, which blocks until everything
 * queued before it has run (errors of earlier kernels surface there); `data()` / `read` copies
 * into page-locked memory, records an event and polls it between event-loop turns.
 *
 * Memory (README "Architecture: memory"). A handle is a small object pointing at a reference-counted
 * DeviceBuffer: kernels that return a view (Reshape, Identity, ExpandDims, a variable read) make a
 * new handle on the same buffer, so `dispose` of one tensor never frees memory another still uses.
 * A buffer whose count drops to zero goes back to a size-class pool (reused in stream order, so no
 * synchronisation is needed) — deterministically through dispose / tf.tidy / tf.function /
 * Session.run / Keras fit, or, for tensors user code simply drops, when the garbage collector
 * reclaims the handle and the FinalizationRegistry runs (only between event-loop turns). Since
 * V8 does not see device memory, a synchronous loop that drops tensors without tidy can exhaust the
 * device: on CUDA_ERROR_OUT_OF_MEMORY the pool is emptied and the allocation retried once, then a
 * ResourceExhaustedError says what to do (tf.tidy, or yield to the event loop).
 */
import type { Backend, Kernel, OutSpec } from "../backend";
import type { Tensor } from "../../tensor/tensor";
import type { DataArray, DType } from "../../tensor/dtypes";
import { allocArray, toArray } from "../../tensor/dtypes";
import { getBackend } from "../../engine/engine";
import { ResourceExhaustedError, msg } from "../../errors";
import {
  CUDA_ERROR_NOT_READY, CUDA_ERROR_OUT_OF_MEMORY, CUDA_SUCCESS, CudaError, Cublas, Driver,
  errorName, loadCublas, loadDriver,
} from "./driver";
import { KERNELS, KernelArgs, KernelName, PTX } from "./ptx.generated";

/** Bytes of one element in the backend's storage (the cpu backend's typed-array layout). */
export function elementBytes(dt: DType): number {
  switch (dt.name) {
    case "float16": return 4;  // stored as float32, like cpu
    case "int64": return 8;    // stored as float64
    case "complex64": return 8;
    case "complex128": return 16;
    case "string": return 0;
    default: return dt.size;
  }
}

export class DeviceBuffer {
  refs = 1;
  constructor(readonly ptr: number, readonly bytes: number, readonly cls: number) {}
}

/** A tensor's storage on this backend. `host` holds string tensors (never on the device). */
export class CudaHandle {
  released = false;
  constructor(readonly buf: DeviceBuffer | null, readonly host: string[] | null = null) {}
  get ptr(): number { return this.buf ? this.buf.ptr : 0; }
}

export interface CudaDeviceInfo {
  name: string;
  totalMemory: number;
  computeCapability: [number, number];
  driverVersion: number;
  driverLibrary: string;
  cublas: string;
}

/** Kernels map: a missing op gets a wrapper that runs cpu's kernel on host copies (one warning). */
class KernelMap extends Map<string, Kernel> {
  private readonly fallbacks = new Map<string, Kernel>();
  constructor(private readonly backend: CudaBackend) { super(); }
  override get(name: string): Kernel | undefined {
    const own = super.get(name);
    if (own) return own;
    let k = this.fallbacks.get(name);
    if (k) return k;
    if (!getBackend("cpu").kernels.get(name)) return undefined;
    k = (inputs, attrs, outs) => this.backend.viaCpu(name, inputs, attrs, outs);
    this.fallbacks.set(name, k);
    this.backend.fallbackOps.add(name);
    return k;
  }
}

const POOL_SMALL = 1 << 20;

/** Size class: powers of two up to 1 MiB, then multiples of 1 MiB. */
function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  if (bytes <= POOL_SMALL) return 2 ** Math.ceil(Math.log2(bytes));
  return Math.ceil(bytes / POOL_SMALL) * POOL_SMALL;
}

export class CudaBackend implements Backend {
  readonly name = "cuda";
  readonly deviceType = "GPU" as const;
  readonly kernels: Map<string, Kernel>;
  /** Ops served by cpu's kernel through host copies (see viaCpu). */
  readonly fallbackOps = new Set<string>();
  readonly info: CudaDeviceInfo;
  readonly driver: Driver;
  readonly cublas: Cublas | null;
  readonly cublasReason: string;
  cublasHandle: unknown = null;
  /** Launches queued since the backend started (for tests and benchmarks). */
  launches = 0;

  private readonly koffi: any;
  private readonly ctx: unknown;
  readonly stream: unknown;
  private readonly module: unknown;
  private readonly functions = new Map<string, unknown>();
  // Launch-argument block in native memory (stable addresses): 64 pointers, then the values.
  private readonly argMem: unknown;
  private readonly argBase: number;
  private readonly argView: DataView;
  private readonly argInts: Int32Array;
  private readonly layouts = new Map<string, { offsets: number[]; kinds: string[] }>();

  // Pool: free buffers per size class; live counts for memory().
  private readonly free = new Map<number, DeviceBuffer[]>();
  private pooledBytes = 0;
  private liveBytes = 0;
  private liveBuffers = 0;
  /** Most bytes kept in the pool (TF_CUDA_POOL_BYTES; default a quarter of the device, at most 4 GiB). */
  readonly poolLimit: number;
  private readonly registry = new FinalizationRegistry<DeviceBuffer>((buf) => this.unref(buf));
  private warned = new Set<string>();

  constructor() {
    const d = loadDriver();
    this.driver = d;
    this.koffi = d.koffi;
    const ck = (call: string, r: number) => { if (r !== CUDA_SUCCESS) throw new CudaError(call, r, errorName(d, r)); };
    let r = d.cuInit(0);
    if (r !== CUDA_SUCCESS) {
      throw new Error(msg(
        `the NVIDIA driver loaded (${d.library}) but cuInit failed with ${errorName(d, r)}: no usable NVIDIA GPU (check nvidia-smi).`,
        `NVIDIA 드라이버(${d.library})는 불러왔지만 cuInit이 ${errorName(d, r)} 오류로 실패했습니다: 사용할 수 있는 NVIDIA GPU가 없습니다 (nvidia-smi로 확인하세요).`,
      ));
    }
    const count = new Int32Array(1);
    ck("cuDeviceGetCount", d.cuDeviceGetCount(count));
    if (count[0] < 1) throw new Error(msg("the NVIDIA driver reports no CUDA device.", "NVIDIA 드라이버가 CUDA 장치를 찾지 못했습니다."));
    const ordinal = Number(process.env.TF_CUDA_DEVICE ?? 0);
    const dev = new Int32Array(1);
    ck("cuDeviceGet", d.cuDeviceGet(dev, ordinal));
    const nameBuf = Buffer.alloc(256);
    ck("cuDeviceGetName", d.cuDeviceGetName(nameBuf, 256, dev[0]));
    const total = new BigUint64Array(1);
    ck("cuDeviceTotalMem_v2", d.cuDeviceTotalMem_v2(total, dev[0]));
    const major = new Int32Array(1), minor = new Int32Array(1), ver = new Int32Array(1);
    ck("cuDeviceGetAttribute", d.cuDeviceGetAttribute(major, 75, dev[0]));
    ck("cuDeviceGetAttribute", d.cuDeviceGetAttribute(minor, 76, dev[0]));
    ck("cuDriverGetVersion", d.cuDriverGetVersion(ver));
    const ctx = [null];
    ck("cuDevicePrimaryCtxRetain", d.cuDevicePrimaryCtxRetain(ctx, dev[0]));
    this.ctx = ctx[0];
    ck("cuCtxSetCurrent", d.cuCtxSetCurrent(this.ctx));
    const stream = [null];
    ck("cuStreamCreate", d.cuStreamCreate(stream, 1 /* CU_STREAM_NON_BLOCKING */));
    this.stream = stream[0];
    this.module = this.loadModule();
    const { cublas, reason } = loadCublas();
    this.cublas = cublas;
    this.cublasReason = reason;
    if (cublas) {
      const h = [null];
      const s = cublas.cublasCreate_v2(h);
      if (s === 0) {
        this.cublasHandle = h[0];
        cublas.cublasSetStream_v2(this.cublasHandle, this.stream);
      } else {
        this.cublas = null;
        this.cublasReason = `cublasCreate failed with status ${s}`;
      }
    }
    const totalBytes = Number(total[0]);
    this.info = {
      name: nameBuf.toString("utf8", 0, nameBuf.indexOf(0) >= 0 ? nameBuf.indexOf(0) : 256),
      totalMemory: totalBytes,
      computeCapability: [major[0], minor[0]],
      driverVersion: ver[0],
      driverLibrary: d.library,
      cublas: this.cublas ? this.cublas.library : `none: ${this.cublasReason}; own tiled GEMM`,
    };
    const envPool = process.env.TF_CUDA_POOL_BYTES;
    this.poolLimit = envPool !== undefined ? Number(envPool) : Math.min(totalBytes / 4, 4 * 2 ** 30);
    this.argMem = this.koffi.alloc("uint8", 8192);
    this.argBase = Number(this.koffi.address(this.argMem));
    const ab = this.koffi.view(this.argMem, 8192) as ArrayBuffer;
    this.argView = new DataView(ab);
    this.argInts = new Int32Array(ab);
    this.kernels = new KernelMap(this);
  }

  private check(call: string, r: number): void {
    if (r !== CUDA_SUCCESS) throw new CudaError(call, r, errorName(this.driver, r));
  }

  /** Loads the PTX (JIT-compiled by the driver for this GPU; it caches the result). */
  private loadModule(): unknown {
    const d = this.driver;
    const LOG = 16384;
    const log = this.koffi.alloc("char", LOG);
    const logAddr = this.koffi.address(log) as bigint;
    // CU_JIT_ERROR_LOG_BUFFER (5), CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES (6)
    const opts = Int32Array.of(6, 5);
    const vals = new BigUint64Array([BigInt(LOG), logAddr]);
    const mod = [null];
    const image = Buffer.from(PTX + "\0", "utf8");
    const r = d.cuModuleLoadDataEx(mod, image, 2, opts, vals);
    if (r !== CUDA_SUCCESS) {
      const text = String(this.koffi.decode(log, "char", -1) ?? "");
      this.koffi.free(log);
      const hint = r === 222 /* CUDA_ERROR_UNSUPPORTED_PTX_VERSION */ ? " The driver is older than the PTX needs (CUDA 11.8 or newer): update the NVIDIA driver." : "";
      throw new Error(msg(
        `the driver could not load the backend's PTX: ${errorName(d, r)}.${hint} ${text}`.trim(),
        `드라이버가 백엔드의 PTX를 불러오지 못했습니다: ${errorName(d, r)}.${hint} ${text}`.trim(),
      ));
    }
    this.koffi.free(log);
    return mod[0];
  }

  private fn(name: string): unknown {
    let f = this.functions.get(name);
    if (!f) {
      const out = [null];
      this.check(`cuModuleGetFunction(${name})`, this.driver.cuModuleGetFunction(out, this.module, name));
      f = out[0];
      this.functions.set(name, f);
    }
    return f;
  }

  private layout(name: string): { offsets: number[]; kinds: string[] } {
    let l = this.layouts.get(name);
    if (l) return l;
    const kinds = [...KERNELS[name as KernelName].params];
    const offsets: number[] = [];
    let off = 64 * 8;
    for (const k of kinds) {
      const size = k.startsWith("b") && /^b\d+$/.test(k) ? Number(k.slice(1)) : k.endsWith("64") ? 8 : k.endsWith("32") ? 4 : k.endsWith("16") ? 2 : 1;
      const align = k.startsWith("b") && /^b\d+$/.test(k) ? 4 : size;
      off = Math.ceil(off / align) * align;
      offsets.push(off);
      off += size;
    }
    if (off > 8192 || kinds.length > 64) throw new Error(`cuda: kernel ${name} has too many parameters`);
    l = { offsets, kinds };
    this.layouts.set(name, l);
    return l;
  }

  /**
   * Queues kernel `name` on the stream. `grid`/`block` are x-dims or [x, y, z]. Arguments are
   * typed by the generated table (from the PTX itself), so their count and kinds always match.
   */
  launch<K extends KernelName>(name: K, grid: number | [number, number, number], block: number, ...args: KernelArgs[K]): void {
    const { offsets, kinds } = this.layout(name);
    if (args.length !== kinds.length) throw new Error(`cuda: ${name} takes ${kinds.length} arguments, got ${args.length}`);
    if (block > KERNELS[name].maxntid) throw new Error(`cuda: ${name}: block of ${block} threads exceeds .maxntid ${KERNELS[name].maxntid}`);
    const v = this.argView, base = this.argBase;
    for (let i = 0; i < kinds.length; i++) {
      const off = offsets[i];
      const addr = base + off;
      v.setUint32(i * 8, addr % 4294967296, true);
      v.setUint32(i * 8 + 4, Math.floor(addr / 4294967296), true);
      const a = args[i] as number | Int32Array;
      switch (kinds[i]) {
        case "u32": case "s32": case "b32": v.setUint32(off, (a as number) >>> 0, true); break;
        case "u64": case "s64": case "b64": {
          const x = a as number;
          v.setUint32(off, x % 4294967296 >>> 0, true);
          v.setUint32(off + 4, Math.floor(x / 4294967296) >>> 0, true);
          break;
        }
        case "f32": v.setFloat32(off, a as number, true); break;
        case "f64": v.setFloat64(off, a as number, true); break;
        case "u8": case "s8": v.setUint8(off, (a as number) & 0xff); break;
        case "u16": case "s16": v.setUint16(off, (a as number) & 0xffff, true); break;
        default: {
          const ints = a as Int32Array;
          const n = Number(kinds[i].slice(1)) / 4;
          if (!(ints instanceof Int32Array) || ints.length !== n) throw new Error(`cuda: ${name} argument ${i} must be an Int32Array of ${n}`);
          this.argInts.set(ints, off / 4);
        }
      }
    }
    const [gx, gy, gz] = typeof grid === "number" ? [grid, 1, 1] : grid;
    this.launches++;
    this.check(`cuLaunchKernel(${name})`, this.driver.cuLaunchKernel(this.fn(name), gx, gy, gz, block, 1, 1, 0, this.stream, this.argMem, null));
  }

  /** Grid-stride launch over n elements (nothing queued when n is 0). */
  launch1d<K extends KernelName>(name: K, n: number, ...args: KernelArgs[K]): void {
    if (n <= 0) return;
    if (n >= 2 ** 31) throw new Error(msg(`cuda: ${name}: tensors of 2^31 or more elements are not supported`, `cuda: ${name}: 원소가 2^31개 이상인 텐서는 지원하지 않습니다`));
    this.launch(name, Math.min(Math.ceil(n / 256), 8192), 256, ...args);
  }

  // ---------------------------------------------------------------------------------- memory
  /** A device buffer of at least `bytes` (from the pool when one of its size class is free). */
  allocBuffer(bytes: number): DeviceBuffer {
    if (bytes === 0) return new DeviceBuffer(0, 0, 0);
    const cls = sizeClass(bytes);
    const list = this.free.get(cls);
    let buf: DeviceBuffer | undefined;
    if (list && list.length) {
      buf = list.pop()!;
      this.pooledBytes -= cls;
      buf.refs = 1;
    } else {
      const out = new BigUint64Array(1);
      let r = this.driver.cuMemAlloc_v2(out, cls);
      if (r === CUDA_ERROR_OUT_OF_MEMORY) {
        this.trimPool(0);
        r = this.driver.cuMemAlloc_v2(out, cls);
      }
      if (r === CUDA_ERROR_OUT_OF_MEMORY) {
        const mb = (x: number) => `${(x / 2 ** 20).toFixed(1)} MiB`;
        throw new ResourceExhaustedError(msg(
          `OOM when allocating ${mb(cls)} on ${this.info.name} (${mb(this.liveBytes)} held by live tensors). ` +
          `Device memory is freed when tensors are disposed: wrap loop bodies in tf.tidy(() => ...), dispose() what you drop, ` +
          `or let the event loop turn (await) so dropped tensors can be reclaimed.`,
          `${this.info.name}에서 ${mb(cls)}를 할당하다 메모리가 부족합니다 (살아 있는 텐서가 ${mb(this.liveBytes)} 사용 중). ` +
          `GPU 메모리는 텐서를 해제해야 돌아옵니다: 반복문 본문을 tf.tidy(() => ...)로 감싸거나, 버리는 텐서를 dispose()하거나, ` +
          `await로 이벤트 루프를 돌려 버린 텐서가 회수되게 하세요.`,
        ));
      }
      this.check("cuMemAlloc_v2", r);
      buf = new DeviceBuffer(Number(out[0]), bytes, cls);
    }
    this.liveBytes += cls;
    this.liveBuffers++;
    return buf;
  }

  /** A new tensor handle owning one reference to `buf`. */
  handle(buf: DeviceBuffer): CudaHandle {
    const h = new CudaHandle(buf);
    if (buf.bytes) this.registry.register(h, buf, h);
    return h;
  }
  /** A handle of `bytes` fresh (uninitialised) device memory. */
  allocHandle(bytes: number): CudaHandle { return this.handle(this.allocBuffer(bytes)); }
  /** Output handle for `spec`. */
  out(spec: OutSpec): CudaHandle { return this.allocHandle(sizeOfShape(spec.shape) * elementBytes(spec.dtype)); }
  /** A second handle on the same storage (views: Reshape, Identity, variable reads). */
  view(h: CudaHandle): CudaHandle {
    if (h.host) return new CudaHandle(null, h.host);
    const buf = h.buf!;
    if (!buf.bytes) return new CudaHandle(buf);
    buf.refs++;
    return this.handle(buf);
  }

  private unref(buf: DeviceBuffer): void {
    if (--buf.refs > 0) return;
    this.liveBytes -= buf.cls;
    this.liveBuffers--;
    let list = this.free.get(buf.cls);
    if (!list) this.free.set(buf.cls, (list = []));
    list.push(buf);
    this.pooledBytes += buf.cls;
    if (this.pooledBytes > this.poolLimit) this.trimPool(this.poolLimit / 2);
  }

  /** Frees pooled buffers (largest classes first) until at most `keep` bytes stay cached. */
  trimPool(keep: number): void {
    if (this.pooledBytes <= keep) return;
    this.check("cuStreamSynchronize", this.driver.cuStreamSynchronize(this.stream));
    const classes = [...this.free.keys()].sort((a, b) => b - a);
    for (const cls of classes) {
      const list = this.free.get(cls)!;
      while (list.length && this.pooledBytes > keep) {
        const b = list.pop()!;
        this.check("cuMemFree_v2", this.driver.cuMemFree_v2(b.ptr));
        this.pooledBytes -= cls;
      }
    }
  }

  // ---------------------------------------------------------------------------------- Backend
  write(values: DataArray, shape: readonly number[], dtype: DType): unknown {
    if (dtype.kind === "s") return new CudaHandle(null, values as string[]);
    let arr = values as Exclude<DataArray, string[]>;
    if (Array.isArray(values)) arr = toArray(dtype, values as unknown as number[]) as typeof arr;
    let bytes = sizeOfShape(shape) * elementBytes(dtype);
    if (!Number.isFinite(bytes)) bytes = arr.byteLength; // shapes the cpu kernels do not check (raw ops without attrs)
    if (arr.byteLength < bytes) throw new Error(`cuda.write: ${arr.byteLength} bytes given for a ${dtype.name} tensor of shape [${shape.join(", ")}]`);
    const h = this.allocHandle(bytes);
    if (bytes) this.check("cuMemcpyHtoDAsync_v2", this.driver.cuMemcpyHtoDAsync_v2(h.ptr, arr, bytes, this.stream));
    return h;
  }

  /** Blocks until the stream has run everything queued, then copies the values to the host. */
  readSync(handle: unknown, shape: readonly number[], dtype: DType): DataArray {
    const h = handle as CudaHandle;
    if (h.host) return h.host;
    const out = allocArray(dtype, elementsOf(h, shape, dtype)) as Exclude<DataArray, string[]>;
    if (out.byteLength) this.check("cuMemcpyDtoHAsync_v2", this.driver.cuMemcpyDtoHAsync_v2(out, h.ptr, out.byteLength, this.stream));
    // A pageable destination makes the copy synchronous; the stream sync reports earlier errors too.
    this.check("cuStreamSynchronize", this.driver.cuStreamSynchronize(this.stream));
    return out;
  }

  /** Copies into page-locked memory on the stream and resolves once an event after it completes. */
  async read(handle: unknown, shape: readonly number[], dtype: DType): Promise<DataArray> {
    const h = handle as CudaHandle;
    if (h.host) return h.host;
    const out = allocArray(dtype, elementsOf(h, shape, dtype)) as Exclude<DataArray, string[]>;
    const bytes = out.byteLength;
    if (!bytes) return out;
    const d = this.driver;
    const pinned = [null];
    this.check("cuMemAllocHost_v2", d.cuMemAllocHost_v2(pinned, bytes));
    const ev = [null];
    try {
      this.check("cuMemcpyDtoHAsync_v2", d.cuMemcpyDtoHAsync_v2(pinned[0], h.ptr, bytes, this.stream));
      this.check("cuEventCreate", d.cuEventCreate(ev, 2 /* CU_EVENT_DISABLE_TIMING */));
      this.check("cuEventRecord", d.cuEventRecord(ev[0], this.stream));
      for (let spins = 0; ; spins++) {
        const r = d.cuEventQuery(ev[0]);
        if (r === CUDA_SUCCESS) break;
        if (r !== CUDA_ERROR_NOT_READY) this.check("cuEventQuery", r);
        await new Promise<void>((res) => (spins < 100 ? setImmediate(res) : setTimeout(res, 1)));
      }
      new Uint8Array(out.buffer, out.byteOffset, bytes).set(new Uint8Array(this.koffi.view(pinned[0], bytes) as ArrayBuffer));
    } finally {
      if (ev[0]) d.cuEventDestroy_v2(ev[0]);
      d.cuMemFreeHost(pinned[0]);
    }
    return out;
  }

  dispose(handle: unknown): void {
    const h = handle as CudaHandle;
    if (h.released) return;
    h.released = true;
    if (!h.buf || !h.buf.bytes) return;
    this.registry.unregister(h);
    this.unref(h.buf);
  }

  memory(): { numBytes: number; numTensors: number } {
    return { numBytes: this.liveBytes, numTensors: this.liveBuffers };
  }
  /** Pool state, for tests and tf.config.experimental.get_memory_info. */
  poolInfo(): { liveBytes: number; liveBuffers: number; pooledBytes: number; poolLimit: number } {
    return { liveBytes: this.liveBytes, liveBuffers: this.liveBuffers, pooledBytes: this.pooledBytes, poolLimit: this.poolLimit };
  }

  /** Queued device-to-device copy. */
  copyDtoD(dst: number, src: number, bytes: number): void {
    if (bytes) this.check("cuMemcpyDtoDAsync_v2", this.driver.cuMemcpyDtoDAsync_v2(dst, src, bytes, this.stream));
  }
  /** Queued byte fill. */
  memsetD8(dst: number, value: number, count: number): void {
    if (count) this.check("cuMemsetD8Async", this.driver.cuMemsetD8Async(dst, value & 0xff, count, this.stream));
  }
  /** Queued 32-bit-word fill. */
  memsetD32(dst: number, bits: number, count: number): void {
    if (count) this.check("cuMemsetD32Async", this.driver.cuMemsetD32Async(dst, bits >>> 0, count, this.stream));
  }

  /** Waits for the stream (benchmarks; dataSync does this itself). */
  synchronize(): void { this.check("cuStreamSynchronize", this.driver.cuStreamSynchronize(this.stream)); }

  /** Ops run by cpu's kernel on host copies, op -> reason (tf.config.list_cpu_fallbacks("cuda")). */
  fallbacks(): Map<string, string> {
    const m = new Map<string, string>();
    for (const op of getBackend("cpu").kernels.keys()) {
      if (!Map.prototype.has.call(this.kernels, op)) m.set(op, "no kernel");
    }
    for (const [op, why] of this.dtypeFallbacks) if (!m.has(op)) m.set(op, `used${why}`);
    return m;
  }
  private readonly dtypeFallbacks = new Map<string, string>();

  // ---------------------------------------------------------------------------------- cpu fallback
  /**
   * Runs cpu's kernel for `op` on host copies of the inputs and uploads the results: ops (or dtypes)
   * without a CUDA kernel stay correct and their outputs stay on this backend. Warns once per op.
   */
  viaCpu(op: string, inputs: Tensor[], attrs: any, outs: OutSpec[], why = ""): CudaHandle[] {
    const key = `${op}${why}`;
    if (why && !this.dtypeFallbacks.has(op)) this.dtypeFallbacks.set(op, why);
    if (!this.warned.has(key)) {
      this.warned.add(key);
      console.warn(`tensorflow-ts: op '${op}' has no 'cuda' kernel${why}; running cpu's kernel on host copies (values move to the host and back).`);
    }
    const cpu = getBackend("cpu");
    const kernel = cpu.kernels.get(op);
    if (!kernel) throw new Error(`cuda: no kernel for ${op} on cuda nor cpu`);
    const hostInputs = inputs.map((t) => {
      const c = Object.create(Object.getPrototypeOf(t)) as Tensor;
      Object.assign(c, t);
      c._handle = t._backend === this ? this.readSync(t._handle, t.shape, t.dtype) : t._backend!.readSync(t._handle, t.shape, t.dtype);
      c._backend = cpu;
      c._mem = null;
      return c;
    });
    const res = kernel(hostInputs, attrs, outs, cpu);
    return res.map((r, i) => this.write(r as DataArray, outs[i].shape, outs[i].dtype) as CudaHandle);
  }
}

/** Elements stored for a handle: the shape's size (the buffer's when the shape is not a number). */
function elementsOf(h: CudaHandle, shape: readonly number[], dtype: DType): number {
  const n = sizeOfShape(shape);
  if (Number.isFinite(n)) return n;
  const e = elementBytes(dtype);
  return h.buf && e ? h.buf.bytes / e : 0;
}

export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}
