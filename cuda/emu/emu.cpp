// A stand-in for libcuda.so.1 (and the few cuBLAS calls we make) that runs our kernels on the CPU.
//
// Why: no GPU is available where the tests run, yet the TypeScript backend's driver use (context,
// module loading, kernel-parameter marshalling, streams, events, pooled memory, async readback)
// and every kernel's indexing must be checked. This library exports the same C entry points the
// backend binds with koffi, compiled from the same kernel sources (cuda/kernels.cu with emu.h),
// and behaves like the driver where it matters to us:
//  - one stream worker thread executes launches, copies and memsets in stream order; calls return
//    before the work is done, so a missing synchronisation shows up as wrong values;
//  - host->device copies from pageable memory snapshot the source before returning; device->host
//    copies into pageable memory wait for the stream (the driver's documented behaviour); into
//    page-locked memory (cuMemAllocHost) they are asynchronous;
//  - cuModuleLoadData parses the PTX text and refuses it unless every entry exists here with the
//    same parameter sizes (so a stale PTX or a changed kernel signature fails loudly);
//  - launches check block/grid limits and the PTX's .maxntid, and that every pointer argument lies
//    inside a live device allocation (use-after-free and wild pointers fail the launch);
//  - cuMemFree of an unknown pointer, double frees and out-of-memory (TF_CUDA_EMU_MEMORY bytes)
//    return the driver's error codes.
// It is a test double, not a GPU simulator: warps, timing and memory coalescing are not modelled.
#include <ucontext.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#define TF_CUDA_EMU 1
#include "../kernels.cu"

typedef int CUresult;
typedef unsigned long long CUdeviceptr;
enum {
  CUDA_SUCCESS = 0, CUDA_ERROR_INVALID_VALUE = 1, CUDA_ERROR_OUT_OF_MEMORY = 2, CUDA_ERROR_NOT_INITIALIZED = 3,
  CUDA_ERROR_INVALID_DEVICE = 101, CUDA_ERROR_INVALID_PTX = 218, CUDA_ERROR_INVALID_HANDLE = 400,
  CUDA_ERROR_NOT_FOUND = 500, CUDA_ERROR_NOT_READY = 600, CUDA_ERROR_ILLEGAL_ADDRESS = 700,
  CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701,
};

namespace emu {
dim3 thread_idx, block_idx, block_dim, grid_dim;

// ------------------------------------------------------------------------------------ fibers
struct Fiber {
  ucontext_t ctx;
  std::vector<char> stack;
  bool done = false, waiting = false;
  dim3 tid;
};
static ucontext_t sched_ctx;
static std::vector<Fiber>* fibers = nullptr;
static Fiber* current = nullptr;
static std::function<void()>* body = nullptr;

void syncthreads() {
  current->waiting = true;
  swapcontext(&current->ctx, &sched_ctx);
}
static void fiber_main() {
  (*body)();
  current->done = true;
  swapcontext(&current->ctx, &sched_ctx);
}
static void run_block(unsigned nthreads, std::function<void()>& fn) {
  static std::vector<Fiber> pool;
  if (pool.size() < nthreads) pool.resize(nthreads);
  fibers = &pool;
  body = &fn;
  for (unsigned t = 0; t < nthreads; t++) {
    Fiber& f = pool[t];
    if (f.stack.empty()) f.stack.resize(256 * 1024);
    f.done = false; f.waiting = false;
    f.tid = {t % block_dim.x, (t / block_dim.x) % block_dim.y, t / (block_dim.x * block_dim.y)};
    getcontext(&f.ctx);
    f.ctx.uc_stack.ss_sp = f.stack.data();
    f.ctx.uc_stack.ss_size = f.stack.size();
    f.ctx.uc_link = nullptr;
    makecontext(&f.ctx, fiber_main, 0);
  }
  for (;;) {
    unsigned live = 0;
    for (unsigned t = 0; t < nthreads; t++) {
      Fiber& f = pool[t];
      if (f.done) continue;
      f.waiting = false;
      current = &f;
      thread_idx = f.tid;
      swapcontext(&sched_ctx, &f.ctx);
      if (!f.done) live++;
    }
    if (!live) break;  // every thread finished; otherwise all live ones wait at the barrier: release them
  }
}
static void run_grid(dim3 grid, dim3 block, std::function<void()>& fn) {
  grid_dim = grid;
  block_dim = block;
  unsigned nthreads = block.x * block.y * block.z;
  for (unsigned z = 0; z < grid.z; z++)
    for (unsigned y = 0; y < grid.y; y++)
      for (unsigned x = 0; x < grid.x; x++) {
        block_idx = {x, y, z};
        run_block(nthreads, fn);
      }
}

// ------------------------------------------------------------------------------------ memory
struct State {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::function<void()>> queue;
  bool busy = false;
  std::map<uintptr_t, size_t> device;  // live allocations
  std::map<uintptr_t, size_t> pinned;
  size_t used = 0, limit = 0;
  std::string error;  // set by a failed launch; reported by the next synchronisation
};
static State* S = nullptr;

static void worker() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lk(S->mu);
      S->cv.wait(lk, [] { return !S->queue.empty(); });
      job = std::move(S->queue.front());
      S->queue.pop_front();
      S->busy = true;
    }
    job();
    {
      std::lock_guard<std::mutex> lk(S->mu);
      S->busy = false;
    }
    S->cv.notify_all();
  }
}
static void enqueue(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lk(S->mu);
    S->queue.push_back(std::move(job));
  }
  S->cv.notify_all();
}
static void drain() {
  std::unique_lock<std::mutex> lk(S->mu);
  S->cv.wait(lk, [] { return S->queue.empty() && !S->busy; });
}
static bool idle() {
  std::lock_guard<std::mutex> lk(S->mu);
  return S->queue.empty() && !S->busy;
}
// Whether [p, p + n) lies inside one live device allocation (caller holds no lock).
static bool in_device(uintptr_t p, size_t n) {
  std::lock_guard<std::mutex> lk(S->mu);
  auto it = S->device.upper_bound(p);
  if (it == S->device.begin()) return false;
  --it;
  return p >= it->first && p + n <= it->first + it->second;
}
static bool is_pinned(uintptr_t p, size_t n) {
  std::lock_guard<std::mutex> lk(S->mu);
  auto it = S->pinned.upper_bound(p);
  if (it == S->pinned.begin()) return false;
  --it;
  return p >= it->first && p + n <= it->first + it->second;
}
static CUresult fail(CUresult code, const std::string& what) {
  fprintf(stderr, "cuda-emu: %s\n", what.c_str());
  return code;
}

// ------------------------------------------------------------------------------------ kernels
struct Kernel {
  const char* name;
  std::vector<size_t> sizes;
  std::vector<bool> isptr;
  std::function<std::function<void()>(void**)> bind;
};
template <typename... A, size_t... I>
static std::function<void()> bind_args(void (*fn)(A...), void** p, std::index_sequence<I...>) {
  auto args = std::make_tuple(*reinterpret_cast<std::remove_cv_t<std::remove_reference_t<A>>*>(p[I])...);
  return [fn, args]() { std::apply(fn, args); };
}
template <typename... A> static Kernel entry(const char* name, void (*fn)(A...)) {
  return {name, {sizeof(A)...}, {std::is_pointer<A>::value...},
          [fn](void** p) { return bind_args<A...>(fn, p, std::index_sequence_for<A...>{}); }};
}
static std::vector<Kernel>& table() {
  static std::vector<Kernel> t = {
#define E(name) entry(#name, &::name),
#include "table.inc"
#undef E
  };
  return t;
}

struct Module {
  std::map<std::string, std::pair<std::vector<size_t>, unsigned>> entries;  // param sizes, maxntid
};
struct Function {
  Kernel* k;
  unsigned maxntid;
};

// Parses `.entry name( .param .u64 a, .param .align 4 .b8 b[76] ) .maxntid 256, 1, 1` blocks.
static bool parse_ptx(const char* text, Module& m, std::string& err) {
  std::string s(text);
  if (s.find(".version") == std::string::npos || s.find(".target") == std::string::npos) {
    err = "not PTX text (no .version/.target)";
    return false;
  }
  size_t pos = 0;
  while ((pos = s.find(".entry ", pos)) != std::string::npos) {
    pos += 7;
    size_t open = s.find('(', pos);
    std::string name = s.substr(pos, open - pos);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\n' || name.back() == '\t')) name.pop_back();
    size_t close = s.find(')', open);
    std::string params = s.substr(open + 1, close - open - 1);
    std::vector<size_t> sizes;
    size_t p = 0;
    while ((p = params.find(".param", p)) != std::string::npos) {
      size_t end = params.find(',', p);
      std::string one = params.substr(p, end == std::string::npos ? std::string::npos : end - p);
      size_t sz = 0;
      size_t lb = one.find('[');
      if (lb != std::string::npos) sz = strtoul(one.c_str() + lb + 1, nullptr, 10);
      else if (one.find(".u64") != std::string::npos || one.find(".s64") != std::string::npos || one.find(".f64") != std::string::npos || one.find(".b64") != std::string::npos) sz = 8;
      else if (one.find(".u32") != std::string::npos || one.find(".s32") != std::string::npos || one.find(".f32") != std::string::npos || one.find(".b32") != std::string::npos) sz = 4;
      else if (one.find(".u16") != std::string::npos || one.find(".s16") != std::string::npos || one.find(".b16") != std::string::npos) sz = 2;
      else if (one.find(".u8") != std::string::npos || one.find(".s8") != std::string::npos || one.find(".b8") != std::string::npos) sz = 1;
      sizes.push_back(sz);
      p += 6;
    }
    unsigned maxntid = 1024;
    size_t brace = s.find('{', close);
    size_t mt = s.find(".maxntid", close);
    if (mt != std::string::npos && mt < brace) maxntid = strtoul(s.c_str() + mt + 8, nullptr, 10);
    m.entries[name] = {sizes, maxntid};
    pos = close;
  }
  for (auto& e : m.entries) {
    Kernel* k = nullptr;
    for (auto& t : table()) if (e.first == t.name) k = &t;
    if (!k) { err = "PTX entry '" + e.first + "' is not a kernel of this build (stale PTX?)"; return false; }
    if (k->sizes != e.second.first) { err = "PTX entry '" + e.first + "' has other parameter sizes than the kernel source (stale PTX?)"; return false; }
  }
  if (m.entries.empty()) { err = "PTX has no .entry"; return false; }
  return true;
}
}  // namespace emu

using namespace emu;
typedef void* CUcontext;
typedef void* CUmodule;
typedef void* CUfunction;
typedef void* CUstream;
typedef void* CUevent;

struct EventRec {
  std::atomic<bool> done{true};
  std::chrono::steady_clock::time_point at;
};

static const char* error_name(CUresult e) {
  switch (e) {
    case 0: return "CUDA_SUCCESS";
    case 1: return "CUDA_ERROR_INVALID_VALUE";
    case 2: return "CUDA_ERROR_OUT_OF_MEMORY";
    case 3: return "CUDA_ERROR_NOT_INITIALIZED";
    case 101: return "CUDA_ERROR_INVALID_DEVICE";
    case 218: return "CUDA_ERROR_INVALID_PTX";
    case 400: return "CUDA_ERROR_INVALID_HANDLE";
    case 500: return "CUDA_ERROR_NOT_FOUND";
    case 600: return "CUDA_ERROR_NOT_READY";
    case 700: return "CUDA_ERROR_ILLEGAL_ADDRESS";
    case 701: return "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
  }
  return nullptr;
}

#define CHECK_INIT() if (!S) return CUDA_ERROR_NOT_INITIALIZED
// Errors of asynchronous work surface at the next synchronisation, as with the driver.
#define ASYNC_ERROR() do { std::lock_guard<std::mutex> lk(S->mu); if (!S->error.empty()) { fprintf(stderr, "cuda-emu: %s\n", S->error.c_str()); return CUDA_ERROR_ILLEGAL_ADDRESS; } } while (0)

typedef void* cublasHandle_t;
typedef int cublasStatus_t;
typedef int cublasOperation_t;  // 0 = N, 1 = T
template <typename T>
static cublasStatus_t gemm_batched(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const T* alpha,
                                   const T* A, int lda, long long sA, const T* B, int ldb, long long sB, const T* beta,
                                   T* C, int ldc, long long sC, int batch) {
  if (m < 0 || n < 0 || k < 0 || batch < 0) return 7;  // CUBLAS_STATUS_INVALID_VALUE
  if (lda < (ta ? k : m) || ldb < (tb ? n : k) || ldc < m) { fprintf(stderr, "cuda-emu: cublas gemm: bad leading dimension\n"); return 7; }
  T al = *alpha, be = *beta;
  emu::enqueue([=] {
    for (int z = 0; z < batch; z++) {
      const T* a = A + z * sA; const T* b = B + z * sB; T* c = C + z * sC;
      for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) {
          T s = T(0);
          for (int p = 0; p < k; p++) {
            T av = ta ? a[p + (long long)i * lda] : a[i + (long long)p * lda];
            T bv = tb ? b[j + (long long)p * ldb] : b[p + (long long)j * ldb];
            s += av * bv;
          }
          T* out = c + i + (long long)j * ldc;
          *out = al * s + (be == T(0) ? T(0) : be * *out);
        }
    }
  });
  return 0;
}
extern "C" {

CUresult cuInit(unsigned int flags) {
  if (flags != 0) return CUDA_ERROR_INVALID_VALUE;
  if (!S) {
    S = new State();  // never freed: the worker outlives static destructors at exit
    const char* lim = getenv("TF_CUDA_EMU_MEMORY");
    S->limit = lim ? strtoull(lim, nullptr, 10) : (size_t)4 << 30;
    std::thread(worker).detach();
  }
  return CUDA_SUCCESS;
}
CUresult cuDriverGetVersion(int* v) { *v = 13000; return CUDA_SUCCESS; }
CUresult cuDeviceGetCount(int* n) { CHECK_INIT(); *n = 1; return CUDA_SUCCESS; }
CUresult cuDeviceGet(int* d, int ordinal) { CHECK_INIT(); if (ordinal != 0) return CUDA_ERROR_INVALID_DEVICE; *d = 0; return CUDA_SUCCESS; }
CUresult cuDeviceGetName(char* name, int len, int dev) {
  CHECK_INIT();
  if (dev != 0) return CUDA_ERROR_INVALID_DEVICE;
  snprintf(name, len, "%s", "CPU emulator (tensorflow-ts cuda/emu)");
  return CUDA_SUCCESS;
}
CUresult cuDeviceTotalMem_v2(size_t* bytes, int dev) { CHECK_INIT(); if (dev != 0) return CUDA_ERROR_INVALID_DEVICE; *bytes = S->limit; return CUDA_SUCCESS; }
CUresult cuDeviceGetAttribute(int* v, int attr, int dev) {
  CHECK_INIT();
  if (dev != 0) return CUDA_ERROR_INVALID_DEVICE;
  switch (attr) {
    case 75: *v = 7; break;   // compute capability major
    case 76: *v = 5; break;   // minor
    case 16: *v = 1; break;   // multiprocessor count
    case 1: *v = 1024; break; // max threads per block
    default: *v = 0;
  }
  return CUDA_SUCCESS;
}
CUresult cuDevicePrimaryCtxRetain(CUcontext* ctx, int dev) { CHECK_INIT(); if (dev != 0) return CUDA_ERROR_INVALID_DEVICE; *ctx = (void*)S; return CUDA_SUCCESS; }
CUresult cuDevicePrimaryCtxRelease_v2(int dev) { CHECK_INIT(); return dev == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE; }
CUresult cuCtxSetCurrent(CUcontext ctx) { CHECK_INIT(); return ctx == (void*)S ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE; }
CUresult cuCtxSynchronize(void) { CHECK_INIT(); drain(); ASYNC_ERROR(); return CUDA_SUCCESS; }

CUresult cuStreamCreate(CUstream* s, unsigned int flags) { CHECK_INIT(); (void)flags; *s = new int(1); return CUDA_SUCCESS; }
CUresult cuStreamDestroy_v2(CUstream s) { CHECK_INIT(); drain(); delete (int*)s; return CUDA_SUCCESS; }
CUresult cuStreamSynchronize(CUstream) { CHECK_INIT(); drain(); ASYNC_ERROR(); return CUDA_SUCCESS; }
CUresult cuStreamQuery(CUstream) { CHECK_INIT(); return idle() ? CUDA_SUCCESS : CUDA_ERROR_NOT_READY; }

CUresult cuEventCreate(CUevent* e, unsigned int) { CHECK_INIT(); *e = new EventRec(); return CUDA_SUCCESS; }
CUresult cuEventRecord(CUevent e, CUstream) {
  CHECK_INIT();
  EventRec* ev = (EventRec*)e;
  ev->done = false;
  enqueue([ev] { ev->at = std::chrono::steady_clock::now(); ev->done = true; });
  return CUDA_SUCCESS;
}
CUresult cuEventQuery(CUevent e) { CHECK_INIT(); return ((EventRec*)e)->done ? CUDA_SUCCESS : CUDA_ERROR_NOT_READY; }
CUresult cuEventSynchronize(CUevent e) {
  CHECK_INIT();
  while (!((EventRec*)e)->done) std::this_thread::sleep_for(std::chrono::microseconds(50));
  return CUDA_SUCCESS;
}
CUresult cuEventDestroy_v2(CUevent e) { CHECK_INIT(); drain(); delete (EventRec*)e; return CUDA_SUCCESS; }

CUresult cuModuleLoadData(CUmodule* m, const void* image) {
  CHECK_INIT();
  Module* mod = new Module();
  std::string err;
  if (!parse_ptx((const char*)image, *mod, err)) { delete mod; return fail(CUDA_ERROR_INVALID_PTX, err); }
  *m = mod;
  return CUDA_SUCCESS;
}
CUresult cuModuleLoadDataEx(CUmodule* m, const void* image, unsigned int, int*, void**) { return cuModuleLoadData(m, image); }
CUresult cuModuleUnload(CUmodule m) { CHECK_INIT(); delete (Module*)m; return CUDA_SUCCESS; }
CUresult cuModuleGetFunction(CUfunction* f, CUmodule m, const char* name) {
  CHECK_INIT();
  Module* mod = (Module*)m;
  auto it = mod->entries.find(name);
  if (it == mod->entries.end()) return CUDA_ERROR_NOT_FOUND;
  for (auto& k : table())
    if (it->first == k.name) { *f = new Function{&k, it->second.second}; return CUDA_SUCCESS; }
  return CUDA_ERROR_NOT_FOUND;
}
CUresult cuLaunchKernel(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, CUstream, void** params, void** extra) {
  CHECK_INIT();
  Function* fn = (Function*)f;
  if (!fn) return CUDA_ERROR_INVALID_HANDLE;
  if (extra) return fail(CUDA_ERROR_INVALID_VALUE, "extra launch options are not used by the backend");
  unsigned nt = bx * by * bz;
  if (!gx || !gy || !gz || !nt) return fail(CUDA_ERROR_INVALID_VALUE, std::string(fn->k->name) + ": zero-sized grid or block");
  if (nt > 1024 || bz > 64 || gy > 65535 || gz > 65535 || gx > 2147483647u)
    return fail(CUDA_ERROR_INVALID_VALUE, std::string(fn->k->name) + ": grid/block dims beyond the device limits");
  if (nt > fn->maxntid) return fail(CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, std::string(fn->k->name) + ": block larger than .maxntid");
  if (shared) return fail(CUDA_ERROR_INVALID_VALUE, std::string(fn->k->name) + ": dynamic shared memory is not used by our kernels");
  Kernel* k = fn->k;
  if (!k->sizes.empty() && !params) return fail(CUDA_ERROR_INVALID_VALUE, std::string(k->name) + ": kernelParams is NULL");
  for (size_t i = 0; i < k->sizes.size(); i++) {
    if (!k->isptr[i]) continue;
    uintptr_t p = *(uintptr_t*)params[i];
    if (!in_device(p, 1)) {
      char buf[160];
      snprintf(buf, sizeof buf, "%s: pointer argument %zu (0x%llx) is not inside a live device allocation", k->name, i, (unsigned long long)p);
      return fail(CUDA_ERROR_INVALID_VALUE, buf);
    }
  }
  auto job = k->bind(params);
  dim3 grid{gx, gy, gz}, block{bx, by, bz};
  enqueue([job, grid, block]() mutable { run_grid(grid, block, job); });
  return CUDA_SUCCESS;
}

CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t n) {
  CHECK_INIT();
  if (n == 0) return CUDA_ERROR_INVALID_VALUE;
  {
    std::lock_guard<std::mutex> lk(S->mu);
    if (S->used + n > S->limit) return CUDA_ERROR_OUT_OF_MEMORY;
    S->used += n;
  }
  void* m = aligned_alloc(256, (n + 255) / 256 * 256);
  memset(m, 0xcd, n);  // garbage, as on a device: kernels must not rely on zeroed memory
  std::lock_guard<std::mutex> lk(S->mu);
  S->device[(uintptr_t)m] = n;
  *p = (CUdeviceptr)(uintptr_t)m;
  return CUDA_SUCCESS;
}
CUresult cuMemFree_v2(CUdeviceptr p) {
  CHECK_INIT();
  drain();  // the driver's cuMemFree waits for work using the memory
  std::lock_guard<std::mutex> lk(S->mu);
  auto it = S->device.find((uintptr_t)p);
  if (it == S->device.end()) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemFree of a pointer that is not a live allocation (double free?)");
  S->used -= it->second;
  memset((void*)p, 0xef, it->second);
  free((void*)p);
  S->device.erase(it);
  return CUDA_SUCCESS;
}
CUresult cuMemGetInfo_v2(size_t* fr, size_t* total) {
  CHECK_INIT();
  std::lock_guard<std::mutex> lk(S->mu);
  *fr = S->limit - S->used;
  *total = S->limit;
  return CUDA_SUCCESS;
}
CUresult cuMemAllocHost_v2(void** pp, size_t n) {
  CHECK_INIT();
  void* m = aligned_alloc(4096, (n + 4095) / 4096 * 4096);
  std::lock_guard<std::mutex> lk(S->mu);
  S->pinned[(uintptr_t)m] = n;
  *pp = m;
  return CUDA_SUCCESS;
}
CUresult cuMemFreeHost(void* p) {
  CHECK_INIT();
  drain();
  std::lock_guard<std::mutex> lk(S->mu);
  auto it = S->pinned.find((uintptr_t)p);
  if (it == S->pinned.end()) return CUDA_ERROR_INVALID_VALUE;
  free(p);
  S->pinned.erase(it);
  return CUDA_SUCCESS;
}
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, size_t n, CUstream) {
  CHECK_INIT();
  if (!in_device((uintptr_t)dst, n)) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyHtoDAsync: destination range is not inside a live allocation");
  std::vector<char> snap((const char*)src, (const char*)src + n);
  enqueue([dst, snap] { memcpy((void*)dst, snap.data(), snap.size()); });
  return CUDA_SUCCESS;
}
CUresult cuMemcpyDtoHAsync_v2(void* dst, CUdeviceptr src, size_t n, CUstream) {
  CHECK_INIT();
  if (!in_device((uintptr_t)src, n)) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyDtoHAsync: source range is not inside a live allocation");
  if (is_pinned((uintptr_t)dst, n)) {
    enqueue([dst, src, n] { memcpy(dst, (const void*)src, n); });
    return CUDA_SUCCESS;
  }
  drain();
  ASYNC_ERROR();
  memcpy(dst, (const void*)src, n);
  return CUDA_SUCCESS;
}
CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t n, CUstream) {
  CHECK_INIT();
  if (!in_device((uintptr_t)dst, n) || !in_device((uintptr_t)src, n)) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyDtoDAsync: range is not inside a live allocation");
  enqueue([dst, src, n] { memmove((void*)dst, (const void*)src, n); });
  return CUDA_SUCCESS;
}
CUresult cuMemsetD8Async(CUdeviceptr dst, unsigned char v, size_t n, CUstream) {
  CHECK_INIT();
  if (!in_device((uintptr_t)dst, n)) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemsetD8Async: range is not inside a live allocation");
  enqueue([dst, v, n] { memset((void*)dst, v, n); });
  return CUDA_SUCCESS;
}
CUresult cuMemsetD16Async(CUdeviceptr dst, unsigned short v, size_t n, CUstream) {
  CHECK_INIT();
  if (!in_device((uintptr_t)dst, n * 2)) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemsetD16Async: range is not inside a live allocation");
  enqueue([dst, v, n] { for (size_t i = 0; i < n; i++) ((unsigned short*)dst)[i] = v; });
  return CUDA_SUCCESS;
}
CUresult cuMemsetD32Async(CUdeviceptr dst, unsigned int v, size_t n, CUstream) {
  CHECK_INIT();
  if (!in_device((uintptr_t)dst, n * 4)) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemsetD32Async: range is not inside a live allocation");
  enqueue([dst, v, n] { for (size_t i = 0; i < n; i++) ((unsigned int*)dst)[i] = v; });
  return CUDA_SUCCESS;
}
CUresult cuGetErrorName(CUresult e, const char** s) { *s = error_name(e); return *s ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE; }
CUresult cuGetErrorString(CUresult e, const char** s) { *s = error_name(e); return *s ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE; }

// ------------------------------------------------------------------------------------ cuBLAS
// Column-major GEMM with cuBLAS's argument conventions, run on the stream worker (a separate file
// name, libcublas.so.*, links to this same object so both share one stream queue).
static cublasHandle_t the_handle = (void*)0x1;
cublasStatus_t cublasCreate_v2(cublasHandle_t* h) { if (!S) return 1; *h = the_handle; return 0; }
cublasStatus_t cublasDestroy_v2(cublasHandle_t) { return 0; }
cublasStatus_t cublasSetStream_v2(cublasHandle_t, CUstream) { return 0; }
cublasStatus_t cublasGetVersion_v2(cublasHandle_t, int* v) { *v = 130000; return 0; }

cublasStatus_t cublasSgemm_v2(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* alpha,
                              const float* A, int lda, const float* B, int ldb, const float* beta, float* C, int ldc) {
  return gemm_batched<float>(ta, tb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}
cublasStatus_t cublasDgemm_v2(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const double* alpha,
                              const double* A, int lda, const double* B, int ldb, const double* beta, double* C, int ldc) {
  return gemm_batched<double>(ta, tb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}
cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* alpha,
                                         const float* A, int lda, long long sA, const float* B, int ldb, long long sB, const float* beta,
                                         float* C, int ldc, long long sC, int batch) {
  return gemm_batched<float>(ta, tb, m, n, k, alpha, A, lda, sA, B, ldb, sB, beta, C, ldc, sC, batch);
}
cublasStatus_t cublasDgemmStridedBatched(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const double* alpha,
                                         const double* A, int lda, long long sA, const double* B, int ldb, long long sB, const double* beta,
                                         double* C, int ldc, long long sC, int batch) {
  return gemm_batched<double>(ta, tb, m, n, k, alpha, A, lda, sA, B, ldb, sB, beta, C, ldc, sC, batch);
}
}  // extern "C"
