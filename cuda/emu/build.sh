#!/bin/sh
# Builds the CPU stand-in for the CUDA driver (see emu.cpp) into $1 (default: build/cuda-emu):
#   libcuda.so.1     the driver API + cuBLAS GEMMs, with our kernels compiled for the host
#   libcublas.so.13  a link to the same object (cuBLAS calls share its stream queue)
# Needs g++ (C++17). Used by test/cuda/*.test.ts; never by the library itself. Safe to run
# concurrently (test files build it in parallel): every step writes per-process files, then renames.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../build/cuda-emu}
mkdir -p "$out"
work="$out/tmp.$$"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
# Kernel names: every extern "C" function of the preprocessed sources.
g++ -std=c++17 -x c++ -E -DTF_CUDA_EMU "$here/../kernels.cu" -I"$here" \
  | grep -o 'extern "C" void [A-Za-z_0-9]*' | sed 's/extern "C" void \(.*\)/E(\1)/' | sort -u > "$work/table.inc"
g++ -std=c++17 -O1 -g -fPIC -shared -pthread -Wall -Wno-unused-function -Wno-misleading-indentation \
  -I"$work" -I"$here" -Wl,-soname,libcuda.so.1 -o "$work/libcuda.so.1" "$here/emu.cpp"
mv -f "$work/libcuda.so.1" "$out/libcuda.so.1"
ln -sfn libcuda.so.1 "$out/libcublas.so.13" 2>/dev/null || true
echo "$out/libcuda.so.1"
