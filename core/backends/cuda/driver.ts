/**
 * The CUDA driver API (libcuda.so.1, installed with the NVIDIA driver) and cuBLAS, bound at run
 * time with koffi: no native build step, no CUDA toolkit needed by users.
 *
 * Every declaration below is C text with CUDA's own type names; test/cuda/bindings.test.ts compiles
 * these exact lines against the toolkit's cuda.h (a conflicting redeclaration is a compile error),
 * so a wrong parameter type cannot go unnoticed. Versioned symbols (`_v2`) are the ones cuda.h's
 * macros select, which every driver since CUDA 11 exports.
 */
import { msg } from "../../errors";

/** koffi aliases for CUDA's typedefs (checked by the binding test against cuda.h's sizes). */
export const CUDA_TYPES: Record<string, string> = {
  CUresult: "int",
  CUdevice: "int",
  CUdevice_attribute: "int",
  CUjit_option: "int",
  CUdeviceptr: "unsigned long long",
  CUcontext: "void *",
  CUmodule: "void *",
  CUfunction: "void *",
  CUstream: "void *",
  CUevent: "void *",
};

/** Driver entry points: name -> C declaration. */
export const DRIVER_DECLS = {
  cuInit: "CUresult cuInit(unsigned int Flags)",
  cuDriverGetVersion: "CUresult cuDriverGetVersion(int *driverVersion)",
  cuDeviceGetCount: "CUresult cuDeviceGetCount(int *count)",
  cuDeviceGet: "CUresult cuDeviceGet(CUdevice *device, int ordinal)",
  cuDeviceGetName: "CUresult cuDeviceGetName(char *name, int len, CUdevice dev)",
  cuDeviceTotalMem_v2: "CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice dev)",
  cuDeviceGetAttribute: "CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev)",
  cuDevicePrimaryCtxRetain: "CUresult cuDevicePrimaryCtxRetain(_Out_ CUcontext *pctx, CUdevice dev)",
  cuCtxSetCurrent: "CUresult cuCtxSetCurrent(CUcontext ctx)",
  cuCtxSynchronize: "CUresult cuCtxSynchronize(void)",
  cuStreamCreate: "CUresult cuStreamCreate(_Out_ CUstream *phStream, unsigned int Flags)",
  cuStreamSynchronize: "CUresult cuStreamSynchronize(CUstream hStream)",
  cuStreamQuery: "CUresult cuStreamQuery(CUstream hStream)",
  cuEventCreate: "CUresult cuEventCreate(_Out_ CUevent *phEvent, unsigned int Flags)",
  cuEventRecord: "CUresult cuEventRecord(CUevent hEvent, CUstream hStream)",
  cuEventQuery: "CUresult cuEventQuery(CUevent hEvent)",
  cuEventDestroy_v2: "CUresult cuEventDestroy_v2(CUevent hEvent)",
  cuModuleLoadDataEx: "CUresult cuModuleLoadDataEx(_Out_ CUmodule *module, const void *image, unsigned int numOptions, CUjit_option *options, void **optionValues)",
  cuModuleGetFunction: "CUresult cuModuleGetFunction(_Out_ CUfunction *hfunc, CUmodule hmod, const char *name)",
  cuLaunchKernel: "CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ, unsigned int sharedMemBytes, CUstream hStream, void **kernelParams, void **extra)",
  cuMemAlloc_v2: "CUresult cuMemAlloc_v2(CUdeviceptr *dptr, size_t bytesize)",
  cuMemFree_v2: "CUresult cuMemFree_v2(CUdeviceptr dptr)",
  cuMemGetInfo_v2: "CUresult cuMemGetInfo_v2(size_t *free, size_t *total)",
  cuMemAllocHost_v2: "CUresult cuMemAllocHost_v2(_Out_ void **pp, size_t bytesize)",
  cuMemFreeHost: "CUresult cuMemFreeHost(void *p)",
  cuMemcpyHtoDAsync_v2: "CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount, CUstream hStream)",
  cuMemcpyDtoHAsync_v2: "CUresult cuMemcpyDtoHAsync_v2(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount, CUstream hStream)",
  cuMemcpyDtoDAsync_v2: "CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount, CUstream hStream)",
  cuMemsetD8Async: "CUresult cuMemsetD8Async(CUdeviceptr dstDevice, unsigned char uc, size_t N, CUstream hStream)",
  cuMemsetD32Async: "CUresult cuMemsetD32Async(CUdeviceptr dstDevice, unsigned int ui, size_t N, CUstream hStream)",
  cuGetErrorName: "CUresult cuGetErrorName(CUresult error, _Out_ const char **pStr)",
} as const;

/**
 * cuBLAS (v2 API, column-major). Pointer mode is host: alpha/beta are host pointers. Parameters
 * marked `/*dev*\/` are device addresses: koffi gets them as uintptr_t (same ABI), since our
 * device pointers are numbers, not host memory.
 */
export const CUBLAS_TYPES: Record<string, string> = {
  cublasStatus_t: "int",
  cublasHandle_t: "void *",
  cublasOperation_t: "int",
  cudaStream_t: "void *",
};
export const CUBLAS_DECLS = {
  cublasCreate_v2: "cublasStatus_t cublasCreate_v2(_Out_ cublasHandle_t *handle)",
  cublasSetStream_v2: "cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId)",
  cublasGetVersion_v2: "cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version)",
  cublasSgemm_v2: "cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float * /*dev*/ A, int lda, const float * /*dev*/ B, int ldb, const float *beta, float * /*dev*/ C, int ldc)",
  cublasDgemm_v2: "cublasStatus_t cublasDgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const double *alpha, const double * /*dev*/ A, int lda, const double * /*dev*/ B, int ldb, const double *beta, double * /*dev*/ C, int ldc)",
  cublasSgemmStridedBatched: "cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float * /*dev*/ A, int lda, long long strideA, const float * /*dev*/ B, int ldb, long long strideB, const float *beta, float * /*dev*/ C, int ldc, long long strideC, int batchCount)",
  cublasDgemmStridedBatched: "cublasStatus_t cublasDgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const double *alpha, const double * /*dev*/ A, int lda, long long strideA, const double * /*dev*/ B, int ldb, long long strideB, const double *beta, double * /*dev*/ C, int ldc, long long strideC, int batchCount)",
} as const;

export type Fn = (...args: any[]) => number;
export type Driver = { [K in keyof typeof DRIVER_DECLS]: Fn } & { library: string; koffi: any };
export type Cublas = { [K in keyof typeof CUBLAS_DECLS]: Fn } & { library: string };

/** Library files tried for the driver, unless TF_CUDA_LIBRARY names one. */
export const DRIVER_CANDIDATES = ["libcuda.so.1", "libcuda.so", "nvcuda.dll"];
/** cuBLAS files tried, unless TF_CUDA_CUBLAS names one ("0" disables cuBLAS). */
export const CUBLAS_CANDIDATES = ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"];

let koffiModule: any = null;
export function loadKoffi(): any {
  if (koffiModule) return koffiModule;
  try {
    koffiModule = require("koffi");
  } catch (e) {
    throw new Error(msg(
      `the koffi package (FFI) cannot be loaded: ${(e as Error).message}`,
      `koffi 패키지(FFI)를 불러올 수 없습니다: ${(e as Error).message}`,
    ));
  }
  return koffiModule;
}

const aliased = new Set<string>();
function alias(koffi: any, types: Record<string, string>): void {
  for (const [name, t] of Object.entries(types)) {
    if (aliased.has(name)) continue;
    koffi.alias(name, t);
    aliased.add(name);
  }
}

function firstLine(s: string): string { return s.split("\n")[0]; }

/** A declaration as koffi reads it: device-pointer parameters become uintptr_t. */
export function forKoffi(decl: string): string {
  return decl.replace(/(?:const\s+)?\w+\s*\*\s*\/\*dev\*\/\s*/g, "uintptr_t ");
}
/** A declaration as a C compiler reads it (koffi's direction markers removed). */
export function forC(decl: string): string {
  return decl.replace(/\b_(?:Out|Inout)_\s+/g, "");
}

/** Loads libcuda and binds DRIVER_DECLS. Throws an explanatory error (en/ko) when no driver loads. */
export function loadDriver(): Driver {
  const koffi = loadKoffi();
  alias(koffi, CUDA_TYPES);
  const explicit = process.env.TF_CUDA_LIBRARY;
  const candidates = explicit ? [explicit] : DRIVER_CANDIDATES;
  const errors: string[] = [];
  for (const path of candidates) {
    let lib: any;
    try { lib = koffi.load(path); } catch (e) { errors.push(`${path}: ${firstLine((e as Error).message)}`); continue; }
    const d: any = { library: path, koffi };
    try {
      for (const [k, decl] of Object.entries(DRIVER_DECLS)) d[k] = lib.func(decl);
    } catch (e) {
      errors.push(`${path}: missing entry point (${firstLine((e as Error).message)}); the driver is too old`);
      continue;
    }
    return d as Driver;
  }
  throw new Error(msg(
    `no NVIDIA driver found (tried ${errors.join("; ")}). Install the NVIDIA driver (it provides libcuda.so.1) on a machine with an NVIDIA GPU, or set TF_CUDA_LIBRARY to its path.`,
    `NVIDIA 드라이버를 찾을 수 없습니다 (시도: ${errors.join("; ")}). NVIDIA GPU가 있는 컴퓨터에 NVIDIA 드라이버(libcuda.so.1 제공)를 설치하거나 TF_CUDA_LIBRARY에 경로를 지정하세요.`,
  ));
}

/** cuBLAS where it loads (the CUDA toolkit, or pip's nvidia-cublas); null otherwise, with the reason. */
export function loadCublas(): { cublas: Cublas | null; reason: string } {
  const koffi = loadKoffi();
  alias(koffi, CUBLAS_TYPES);
  const explicit = process.env.TF_CUDA_CUBLAS;
  if (explicit === "0") return { cublas: null, reason: "disabled by TF_CUDA_CUBLAS=0" };
  const candidates = explicit ? [explicit] : CUBLAS_CANDIDATES;
  const errors: string[] = [];
  for (const path of candidates) {
    let lib: any;
    try { lib = koffi.load(path); } catch (e) { errors.push(`${path}: ${firstLine((e as Error).message)}`); continue; }
    const c: any = { library: path };
    try {
      for (const [k, decl] of Object.entries(CUBLAS_DECLS)) c[k] = lib.func(forKoffi(decl));
    } catch (e) {
      errors.push(`${path}: ${firstLine((e as Error).message)}`);
      continue;
    }
    return { cublas: c as Cublas, reason: "" };
  }
  return { cublas: null, reason: `no cuBLAS (tried ${errors.join("; ")})` };
}

/** CUresult codes the backend reacts to. */
export const CUDA_SUCCESS = 0;
export const CUDA_ERROR_OUT_OF_MEMORY = 2;
export const CUDA_ERROR_NOT_READY = 600;

export class CudaError extends Error {
  constructor(readonly call: string, readonly code: number, name: string) {
    super(`CUDA error ${code} (${name}) in ${call}`);
    this.name = "CudaError";
  }
}

/** The error's name from the driver (cuGetErrorName), or its number. */
export function errorName(d: Driver, code: number): string {
  const out = [null];
  try {
    if (d.cuGetErrorName(code, out) === CUDA_SUCCESS && out[0]) return String(out[0]);
  } catch { /* fall through */ }
  return `CUresult ${code}`;
}
