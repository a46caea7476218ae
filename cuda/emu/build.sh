#!/bin/sh
# Builds the CPU stand-in for the CUDA driver (see emu.cpp) into $1 (default: build/cuda-emu):
#   libcuda.so.1     the driver API + cuBLAS GEMMs, with our kernels compiled for the host
#   libcublas.so.13  a link to the same object (cuBLAS calls share its stream queue)
# Needs g++ (C++17). Used by test/cuda/*.test.ts; never by the library itself.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../build/cuda-emu}
mkdir -p "$out"
# Kernel names: every extern "C" function of the preprocessed sources.
g++ -std=c++17 -x c++ -E -DTF_CUDA_EMU "$here/../kernels.cu" -I"$here" \
  | grep -o 'extern "C" void [A-Za-z_0-9]*' | sed 's/extern "C" void \(.*\)/E(\1)/' | sort -u > "$out/table.inc.tmp"
mv "$out/table.inc.tmp" "$out/table.inc"
g++ -std=c++17 -O1 -g -fPIC -shared -pthread -Wall -Wno-unused-function -Wno-misleading-indentation \
  -I"$out" -I"$here" -Wl,-soname,libcuda.so.1 -o "$out/libcuda.so.1.tmp" "$here/emu.cpp"
mv "$out/libcuda.so.1.tmp" "$out/libcuda.so.1"
ln -sf libcuda.so.1 "$out/libcublas.so.13"
echo "$out/libcuda.so.1"
