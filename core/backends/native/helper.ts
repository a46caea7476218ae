/**
 * The second core for native GEMMs: a helper thread (worker_threads + koffi on the same OpenBLAS)
 * that runs a list of GEMMs on SharedArrayBuffer-backed arrays while this thread runs its own share.
 *
 * OpenBLAS's own threading only pays off on big packed GEMMs; the small cache-sized GEMMs of the
 * convolutions' row windows (kernels/conv.ts) run fastest on one core each. So with two or more
 * BLAS threads such work is split between this thread and the helper, both at one BLAS thread
 * (oneThreadEach), and `timedChoice` keeps measuring whether the split still pays (on a shared VM
 * the other core may be busy). (Splitting a Keras step's Dense GEMMs the same way, [32, 784]·[784,
 * 512] and its filter gradient, made each ~35% faster in isolation — 310 → 200 µs — but the seed-MLP
 * step slower, 1.80 → 2.0 ms: the second core is busier with GC and the wasm pool's Adam chunks.)
 */
import type { Backend } from "../backend";
import type { Blas } from "./blas";
import type { Sgemm, WasmRuntime } from "../wasm/runtime";

export type F = Float32Array | Float64Array;

/** A GEMM on arrays backed by SharedArrayBuffers (views at any offset). */
export interface Job { ta: boolean; tb: boolean; m: number; n: number; k: number; a: F; lda: number; b: F; ldb: number; c: F; ldc: number; beta: number }

const JOB_WORDS = 16, JOB_CAP = 8192;
const HELPER_SRC = `
const { workerData, receiveMessageOnPort } = require("worker_threads");
const ctrl = new Int32Array(workerData.ctrl), jobs = new Float64Array(workerData.jobs), bufs = [];
let sg = null, dg = null;
try {
  const lib = require(workerData.koffi).load(workerData.lib);
  sg = lib.func("void cblas_sgemm(int, int, int, int, int, int, float, float *, int, float *, int, float, float *, int)");
  dg = lib.func("void cblas_dgemm(int, int, int, int, int, int, double, double *, int, double *, int, double, double *, int)");
  Atomics.store(ctrl, 2, 1);
} catch (e) { Atomics.store(ctrl, 2, -1); }
Atomics.notify(ctrl, 2);
while (sg) {
  Atomics.wait(ctrl, 0, 0);
  if (Atomics.load(ctrl, 0) === 2) break;
  for (let m; (m = receiveMessageOnPort(workerData.port)); ) bufs[m.message.id] = m.message.sab || undefined;
  let err = 0;
  try {
    for (let j = 0, n = Atomics.load(ctrl, 3); j < n; j++) {
      const o = j * ${JOB_WORDS}, d = jobs[o] === 1, T = d ? Float64Array : Float32Array;
      const v = (id, off) => new T(bufs[id], off);
      (d ? dg : sg)(101, jobs[o + 1] ? 112 : 111, jobs[o + 2] ? 112 : 111, jobs[o + 3], jobs[o + 4], jobs[o + 5], 1,
        v(jobs[o + 6], jobs[o + 7]), jobs[o + 8], v(jobs[o + 9], jobs[o + 10]), jobs[o + 11], jobs[o + 12],
        v(jobs[o + 13], jobs[o + 14]), jobs[o + 15]);
    }
  } catch (e) { err = 1; }
  Atomics.store(ctrl, 4, err);
  Atomics.store(ctrl, 0, 0);
  Atomics.store(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
`;

export class Helper {
  private readonly ids = new Map<SharedArrayBuffer, number>();
  private nextId = 0;
  private busy = false;
  constructor(private readonly ctrl: Int32Array, private readonly jobs: Float64Array, private readonly port: any) {}

  /** Starts the helper (blocking until it has loaded the BLAS, at most 5 s); null where it cannot. */
  static start(lib: string): Helper | null {
    try {
      const wt = require("worker_threads");
      const ctrl = new Int32Array(new SharedArrayBuffer(64));
      const jobs = new Float64Array(new SharedArrayBuffer(JOB_CAP * JOB_WORDS * 8));
      const { port1, port2 } = new wt.MessageChannel();
      const worker = new wt.Worker(HELPER_SRC, {
        eval: true, transferList: [port2],
        workerData: { ctrl: ctrl.buffer, jobs: jobs.buffer, port: port2, lib, koffi: require.resolve("koffi") },
      });
      worker.unref();
      port1.unref?.();
      worker.on("error", () => { /* reported through ctrl */ });
      Atomics.wait(ctrl, 2, 0, 5000);
      if (Atomics.load(ctrl, 2) !== 1) { worker.terminate(); return null; }
      return new Helper(ctrl, jobs, port1);
    } catch {
      return null;
    }
  }

  private idOf(a: F): [number, number] {
    const sab = a.buffer as SharedArrayBuffer;
    let id = this.ids.get(sab);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(sab, id);
      this.port.postMessage({ id, sab });
    }
    return [id, a.byteOffset];
  }

  /** Drops a shared buffer that is being replaced (both sides let go of it). */
  forget(sab: SharedArrayBuffer): void {
    const id = this.ids.get(sab);
    if (id === undefined) return;
    this.ids.delete(sab);
    this.port.postMessage({ id, sab: null });
  }

  /** Hands `list` to the helper (returns at once); false when it cannot take it. */
  dispatch(list: Job[]): boolean {
    if (this.busy || list.length > JOB_CAP) return false;
    const J = this.jobs;
    for (let j = 0; j < list.length; j++) {
      const g = list[j], o = j * JOB_WORDS, [ai, ao] = this.idOf(g.a), [bi, bo] = this.idOf(g.b), [ci, co] = this.idOf(g.c);
      J[o] = g.c instanceof Float64Array ? 1 : 0; J[o + 1] = g.ta ? 1 : 0; J[o + 2] = g.tb ? 1 : 0;
      J[o + 3] = g.m; J[o + 4] = g.n; J[o + 5] = g.k;
      J[o + 6] = ai; J[o + 7] = ao; J[o + 8] = g.lda; J[o + 9] = bi; J[o + 10] = bo; J[o + 11] = g.ldb;
      J[o + 12] = g.beta; J[o + 13] = ci; J[o + 14] = co; J[o + 15] = g.ldc;
    }
    Atomics.store(this.ctrl, 3, list.length);
    Atomics.store(this.ctrl, 1, 0);
    Atomics.store(this.ctrl, 0, 1);
    Atomics.notify(this.ctrl, 0);
    this.busy = true;
    return true;
  }

  /**
   * Waits for the dispatched list. False when the helper failed or stopped answering (2 minutes): it
   * is then retired (never used again) and the caller computes the list itself.
   */
  wait(): boolean {
    if (!this.busy) return true;
    const t0 = Date.now();
    while (Atomics.load(this.ctrl, 1) === 0) {
      Atomics.wait(this.ctrl, 1, 0, 1000);
      if (Atomics.load(this.ctrl, 1) === 0 && Date.now() - t0 > 120_000) { helperState = null; return false; }
    }
    this.busy = false;
    if (Atomics.load(this.ctrl, 4) !== 0) { helperState = null; return false; }
    return true;
  }
}

/** undefined: not tried yet; null: unavailable. */
let helperState: Helper | null | undefined;

/** Work (multiply-adds) below which one thread does everything. */
export const HELPER_MIN_MACS = 1 << 22;

/** The helper when a call on `blas` should use it: two or more BLAS threads, two or more cores, enough work. */
export function helperFor(blas: Blas, macs: number): Helper | null {
  if (macs < HELPER_MIN_MACS || blas.getThreads() < 2) return null;
  if (helperState === undefined) {
    helperState = null;
    const os = require("os");
    const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    if (cores >= 2 && typeof SharedArrayBuffer === "function") helperState = Helper.start(blas.library);
  }
  return helperState;
}

/** Shared scratch arrays (helper-visible), per element type and slot, grown on demand. */
const shared32: Float32Array[] = [], shared64: Float64Array[] = [];
export function sharedOf(like: F, slot: number, n: number): F {
  const f32 = like instanceof Float32Array, tab = f32 ? shared32 : shared64;
  let a = tab[slot];
  if (!a || a.length < n) {
    if (a && helperState) helperState.forget(a.buffer as SharedArrayBuffer);
    const len = Math.ceil(n * 1.25), sab = new SharedArrayBuffer(len * (f32 ? 4 : 8));
    a = tab[slot] = f32 ? new Float32Array(sab) : new Float64Array(sab);
  }
  return a;
}

/**
 * Runs `body` with OpenBLAS at one thread (two callers each on one core), restoring the count after.
 */
export function oneThreadEach<T>(blas: Blas, body: () => T): T {
  const n = blas.getThreads();
  blas.setThreads(1);
  try { return body(); } finally { blas.setThreads(n); }
}


/**
 * Runs `one` (this thread only) or `two` (with the helper). Whether the second core actually adds
 * throughput depends on the machine's load (on a shared VM it may not), so both are timed per key
 * and the one with the lower recent best time is used (after 8 tries of each, which also warm up
 * the JIT of both threads), trying the other every 8th call. (Best of the last few rather than an
 * average: GC pauses and load phases hit both alike.)
 */
export function timedChoice(key: string, one: () => void, two: () => void): void {
  let st = splitStats.get(key);
  if (!st) { if (splitStats.size > 256) splitStats.clear(); splitStats.set(key, (st = { one: [], two: [], n: 0 })); }
  const best = (a: number[]): number => (a.length ? Math.min(...a) : -1);
  const b1 = best(st.one), b2 = best(st.two);
  // Biased to the helper: with the other core free it was ~35% faster (B forward 1.6 vs 2.45 ms),
  // with it busy ~10% slower; only a clearly slower helper (a starved core) loses.
  const better = b1 < 0 || b2 < 0 ? b2 < 0 : b1 >= 0.8 * b2;
  const split = st.n < 16 ? st.n % 2 === 0 : st.n % 8 === 7 ? !better : better;
  st.n++;
  const t0 = performance.now();
  if (split) two(); else one();
  const list = split ? st.two : st.one;
  list.push(performance.now() - t0);
  if (list.length > 6) list.shift();
}

/** Recent times (ms) per key without (one) and with (two) the helper. */
const splitStats = new Map<string, { one: number[]; two: number[]; n: number }>();

/**
 * The wasm runtime whose pool's workers loaded this BLAS (setPoolBlas) and take GEMM blocks for
 * `backend` (its kernel donor), or null: no donor, no pool, no BLAS in it.
 */
export function blasPool(backend: Backend | null): WasmRuntime | null {
  const donor = backend && backend.kernelDonor ? backend.kernelDonor() : null;
  const rt = donor ? (donor as unknown as { rt?: WasmRuntime }).rt : undefined;
  return rt && rt.blasPooled() ? rt : null;
}

/** `blas.sgemm` in the pool's calling convention (transpose flags as numbers). */
export function poolSgemm(blas: Blas): Sgemm {
  return (ta, tb, m, n, k, a, lda, b, ldb, c, ldc) => blas.sgemm(!!ta, !!tb, m, n, k, a, lda, b, ldb, c, ldc);
}
