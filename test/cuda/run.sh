#!/usr/bin/env bash
# The cuda backend's checks on a machine with an NVIDIA GPU, in one command:
#
#   bash test/cuda/run.sh            (from the repository root; writes a copy of the results to $OUT or ./cuda-results)
#
# Needs: the NVIDIA driver (libcuda.so.1), Node >= 20 with this repo's node_modules (npm ci),
# python3 with PyTorch (CUDA) and numpy for the comparison. Optional: FASHION_MNIST_DIR, a folder with
# the four Fashion-MNIST *-ubyte.gz files (default /usr/share/datasets/fashion-mnist, Debian's
# dataset-fashion-mnist); without them the MLP epoch is skipped on both sides and says so.
#
# Steps (each prints what it found; a failed step does not stop the later ones, the exit code reports it):
#   1. device and toolchain report (nvidia-smi, node, torch);
#   2. vitest test/cuda against the real driver: the conformance suite (every op, cuda vs cpu),
#      backend behaviour (views, pool, async read, fallback, cuBLAS and own GEMM, Keras fit vs cpu),
#      PTX-current and binding-signature checks (cuBLAS prototypes too, with pip's cublas headers);
#   3. benchmarks: matmul 1024/4096 GFLOPS (cuBLAS and own GEMM) and one MLP epoch on Fashion-MNIST,
#      then the same in PyTorch CUDA on the same GPU, and a table of ratios.
set -u
cd "$(dirname "$0")/../.."
RES=${OUT:-$PWD/cuda-results}
mkdir -p "$RES"
status=0
log() { echo "== $*"; }

log "1. device"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 || { echo "nvidia-smi failed: no NVIDIA driver here"; exit 2; }
NODE=${TF_NODE:-node}
if ! command -v "$NODE" >/dev/null 2>&1; then echo "node not found: install Node >= 20 or set TF_NODE to a node binary"; exit 2; fi
echo "node $("$NODE" --version)"
[ -x node_modules/.bin/vitest ] || { echo "node_modules missing: run npm ci first"; exit 2; }
PY=${TF_PYTHON:-python3}
TORCH_OK=1
"$PY" -c 'import torch, numpy; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' || TORCH_OK=0

# cuBLAS: the system's (libcublas.so.13/.12 on the loader path) or the one NVIDIA's pip wheels ship (PyTorch's
# dependency): CUDA 13's nvidia-cublas unpacks to site-packages/nvidia/cu13/{lib,include}, CUDA 12's
# nvidia-cublas-cu12 to site-packages/nvidia/cublas/{lib,include}.
if [ -z "${TF_CUDA_CUBLAS:-}" ] && [ "$TORCH_OK" = 1 ]; then
  CUBLAS_DIR=$("$PY" - <<'PYEOF' 2>/dev/null
import glob, os, sys
roots = []
for p in sys.path:
    if p and os.path.isdir(os.path.join(p, "nvidia")):
        roots += [os.path.join(p, "nvidia", sub) for sub in ("cu13", "cublas", "cu12")]
for r in roots:
    libs = sorted(glob.glob(os.path.join(r, "lib", "libcublas.so.*")))
    if libs:
        print(os.path.realpath(r)); break
PYEOF
)
  if [ -n "$CUBLAS_DIR" ]; then
    lib=$(ls "$CUBLAS_DIR"/lib/libcublas.so.* | grep -v Lt | head -1)
    export TF_CUDA_CUBLAS="$lib"
    # libcublas needs libcublasLt from the same folder.
    export LD_LIBRARY_PATH="$CUBLAS_DIR/lib:${LD_LIBRARY_PATH:-}"
    [ -f "$CUBLAS_DIR/include/cublas_api.h" ] && export TF_CUBLAS_INCLUDE="$CUBLAS_DIR/include"
  fi
fi
echo "cuBLAS: ${TF_CUDA_CUBLAS:-(system loader path)}"
export TF_CUDA_LIBRARY=${TF_CUDA_LIBRARY:-libcuda.so.1}
export TF_BACKEND=cpu   # tests pick cuda explicitly; the reference side stays cpu

log "2. tests (real driver)"
NODE_BIN=$(dirname "$(command -v "$NODE")")
# A kernel that hangs blocks its test file inside a driver call, beyond vitest's own timeouts: a step limit
# (seconds; TF_CUDA_TEST_TIMEOUT / TF_CUDA_BENCH_TIMEOUT) ends it, and the later steps still run.
PATH="$NODE_BIN:$PATH" timeout -k 10 "${TF_CUDA_TEST_TIMEOUT:-1800}" node_modules/.bin/vitest run test/cuda 2>&1 | tee "$RES/tests.log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1

log "3. benchmarks"
FM=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
KH=$(mktemp -d)
if [ -f "$FM/train-images-idx3-ubyte.gz" ]; then
  mkdir -p "$KH/datasets/fashion-mnist" && cp "$FM"/*-ubyte.gz "$KH/datasets/fashion-mnist/"
  BENCH=all
else
  echo "Fashion-MNIST not found in $FM: MLP epoch skipped (set FASHION_MNIST_DIR)"
  BENCH=matmul
fi
KERAS_HOME="$KH" PATH="$NODE_BIN:$PATH" timeout -k 10 "${TF_CUDA_BENCH_TIMEOUT:-1200}" node_modules/.bin/tsx test/cuda/bench.ts "$BENCH" "${TF_CUDA_BENCH_SIZES:-1024,4096}" 2>"$RES/bench_ts.err" | tee "$RES/bench.jsonl"
[ "${PIPESTATUS[0]}" = 0 ] || { status=1; tail -20 "$RES/bench_ts.err"; }
if [ "$TORCH_OK" = 1 ]; then
  "$PY" test/cuda/bench_torch.py "$KH/datasets/fashion-mnist" | tee -a "$RES/bench.jsonl"
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
else
  echo "PyTorch not importable: no PyTorch comparison"
fi
"$NODE" test/cuda/summary.mjs "$RES/bench.jsonl" | tee "$RES/summary.md"
rm -rf "$KH"
exit $status
