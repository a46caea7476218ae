/**
 * The system BLAS through koffi (an FFI with a prebuilt binary: nothing to compile).
 *
 * Typed arrays are passed straight to C (koffi hands the function a pointer to their contents for
 * the duration of the call), so a GEMM reads and writes the tensors' own storage: no copies.
 * `subarray` gives a pointer at an offset (one matrix of a batch).
 */
import * as os from "os";
import { msg } from "../../errors";

/** `cblas_?gemm` in row-major order: C[m,n] = op(A) op(B) + beta C (beta 0 by default: C is overwritten). */
export type Gemm = (
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: Float32Array | Float64Array, lda: number, b: Float32Array | Float64Array, ldb: number,
  c: Float32Array | Float64Array, ldc: number, beta?: number,
) => void;

export interface Blas {
  /** The library file that loaded. */
  readonly library: string;
  /** `openblas_get_config()` where available (e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ... Cooperlake"). */
  readonly config: string;
  readonly sgemm: Gemm;
  readonly dgemm: Gemm;
  /** Threads the BLAS uses (OpenBLAS only; 1 otherwise). */
  getThreads(): number;
  setThreads(n: number): void;
}

const CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112;

/**
 * Products below this many multiply-adds (2^25: e.g. a batch of 32 through a 784×512 layer, 12.8M)
 * run on one OpenBLAS thread. Inside a training step, waking a second thread for them cost more
 * than it saved (seed-MLP Keras step, quiet 2-core machine: 2.41 ms with 2 threads, 2.19 ms with
 * one; the freed core runs the wasm pool's Adam and V8's GC). Larger products use every thread.
 */
export const SMALL_GEMM_MACS = 1 << 25;

/** Libraries tried in order, unless TF_BLAS_LIBRARY names one. */
export const BLAS_CANDIDATES = [
  "libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0", // Debian/Ubuntu, Fedora (pthread variant)
  "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib", "libopenblas.dylib",
  "libopenblas.dll",
];

const INSTALL_HINT_EN = "Install OpenBLAS (Debian/Ubuntu: apt-get install libopenblas0-pthread; macOS: brew install openblas) " +
  "or set TF_BLAS_LIBRARY to a CBLAS library file.";
const INSTALL_HINT_KO = "OpenBLAS를 설치하거나(Debian/Ubuntu: apt-get install libopenblas0-pthread, macOS: brew install openblas) " +
  "TF_BLAS_LIBRARY에 CBLAS 라이브러리 파일 경로를 지정하세요.";

/** Threads to use when the user set none: one per core, like OpenBLAS itself. */
function defaultThreads(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/**
 * Loads the first CBLAS in `candidates` that exports cblas_sgemm/cblas_dgemm. Throws an error that
 * says what was tried and how to fix it when none loads.
 */
export function loadBlas(candidates: string[] = defaultCandidates()): Blas {
  let koffi: any;
  try {
    // Loaded lazily so a missing koffi only removes this backend.
    koffi = require("koffi");
  } catch (e) {
    throw new Error(msg(
      `the koffi package (FFI) cannot be loaded: ${(e as Error).message}`,
      `koffi 패키지(FFI)를 불러올 수 없습니다: ${(e as Error).message}`,
    ));
  }
  const errors: string[] = [];
  // OpenBLAS's idle threads spin for ~2^28 cycles after each call before they sleep; between a
  // training step's GEMMs that spinning takes the core the JS thread, V8's GC and the wasm workers
  // need (measured on 2 cores: the seed-MLP step 3.0–3.5 → 2.8–2.9 ms). 2^4 cycles: they sleep at
  // once; back-to-back GEMMs are as fast (a wake-up is a few µs). OpenBLAS reads it when it loads.
  const env = process.env;
  if (env.OPENBLAS_THREAD_TIMEOUT === undefined && env.GOTO_THREAD_TIMEOUT === undefined) env.OPENBLAS_THREAD_TIMEOUT = "4";
  for (const path of candidates) {
    let lib: any;
    try {
      lib = koffi.load(path);
    } catch (e) {
      errors.push(`${path}: ${firstLine((e as Error).message)}`);
      continue;
    }
    let sg: any, dg: any;
    try {
      sg = lib.func("void cblas_sgemm(int, int, int, int, int, int, float, float *, int, float *, int, float, float *, int)");
      dg = lib.func("void cblas_dgemm(int, int, int, int, int, int, double, double *, int, double *, int, double, double *, int)");
    } catch (e) {
      errors.push(`${path}: no cblas_sgemm/cblas_dgemm (${firstLine((e as Error).message)})`);
      continue;
    }
    const opt = (decl: string): any => { try { return lib.func(decl); } catch { return null; } };
    const getConfig = opt("const char *openblas_get_config()");
    const getN = opt("int openblas_get_num_threads()");
    const setN = opt("void openblas_set_num_threads(int)");
    // The thread count as last set (read back once below), so small products can drop to one thread cheaply.
    let threads = 1;
    /** Runs a GEMM, on one thread when it is small (see SMALL_GEMM_MACS). */
    const gemm = (f: any, ta: boolean, tb: boolean, m: number, n: number, k: number, a: unknown, lda: number, b: unknown, ldb: number, c: unknown, ldc: number, beta: number) => {
      const one = threads > 1 && setN !== null && m * n * k < SMALL_GEMM_MACS;
      if (one) setN(1);
      try {
        f(CBLAS_ROW_MAJOR, ta ? CBLAS_TRANS : CBLAS_NO_TRANS, tb ? CBLAS_TRANS : CBLAS_NO_TRANS, m, n, k, 1, a, lda, b, ldb, beta, c, ldc);
      } finally {
        if (one) setN(threads);
      }
    };
    const blas: Blas = {
      library: path,
      config: getConfig ? String(getConfig()) : "",
      sgemm: (ta, tb, m, n, k, a, lda, b, ldb, c, ldc, beta = 0) => gemm(sg, ta, tb, m, n, k, a, lda, b, ldb, c, ldc, beta),
      dgemm: (ta, tb, m, n, k, a, lda, b, ldb, c, ldc, beta = 0) => gemm(dg, ta, tb, m, n, k, a, lda, b, ldb, c, ldc, beta),
      getThreads: () => threads,
      setThreads: (n) => { if (setN) { setN(Math.max(1, Math.floor(n))); threads = getN ? getN() : Math.max(1, Math.floor(n)); } },
    };
    // A 2x2 product: a library that loads but computes wrong (ABI mismatch) is not offered.
    const c = new Float32Array(4);
    blas.sgemm(false, true, 2, 2, 2, new Float32Array([1, 2, 3, 4]), 2, new Float32Array([5, 7, 6, 8]), 2, c, 2);
    if (c.join() !== "19,22,43,50") {
      errors.push(`${path}: cblas_sgemm gave [${c.join(", ")}] for [[1,2],[3,4]]·[[5,6],[7,8]]`);
      continue;
    }
    // OpenBLAS reads OPENBLAS_NUM_THREADS (or GOTO_/OMP_NUM_THREADS) itself; otherwise one thread per core.
    if (!env.OPENBLAS_NUM_THREADS && !env.GOTO_NUM_THREADS && !env.OMP_NUM_THREADS) blas.setThreads(defaultThreads());
    else threads = getN ? getN() : 1;
    return blas;
  }
  throw new Error(msg(
    `no BLAS library loads (tried ${errors.join("; ")}). ${INSTALL_HINT_EN}`,
    `BLAS 라이브러리를 불러올 수 없습니다 (시도: ${errors.join("; ")}). ${INSTALL_HINT_KO}`,
  ));
}

function defaultCandidates(): string[] {
  const explicit = process.env.TF_BLAS_LIBRARY;
  return explicit ? [explicit] : BLAS_CANDIDATES;
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}
