/**
 * wasm kernels: float32 uniform random numbers (RandomUniform — dropout's mask — and
 * StatelessRandomUniform) from the same Philox4x32-10 stream as cpu's kernel, so both backends
 * draw identical values for a seed. Other random ops and dtypes use cpu's kernels.
 */
import type { Kernel } from "../../backend";
import { STREAM_BLOCK } from "../runtime";
import { cpu, def, f32, isF32, rtOf, sizeOfShape, tiny } from "./registry";
import { rowsInOrder } from "../../cpu/kernels/random";

/** Two's-complement 64-bit words of an integer seed: [low, high] (as cpu's kernel reads seeds). */
function words(x: number): [number, number] {
  const b = BigInt.asUintN(64, BigInt(Math.trunc(x)));
  return [Number(b & 0xffffffffn), Number(b >> 32n)];
}

/** A stateful random op's Philox key words, seed2 words and first block (cpu's PhiloxStream reads them so). */
function philoxKey(attrs: { seed: number; seed2: number; state?: { counter: number } }): { k0: number; k1: number; c2: number; c3: number; start: number } {
  const [k0, k1] = words(attrs.seed), [c2, c3] = words(attrs.seed2);
  return { k0, k1, c2, c3, start: attrs.state ? attrs.state.counter : 0 };
}
/** Block number b as the [low, high] 32-bit words the wasm generators take. */
function blockWords(b: number): [number, number] { return [b % 4294967296, Math.floor(b / 4294967296)]; }

function uniform(op: string): Kernel {
  return (inputs, attrs, outs, backend) => {
    const n = sizeOfShape(outs[0].shape);
    if (outs[0].dtype.name !== "float32" || tiny(backend, n)) return cpu(op)(inputs, attrs, outs, backend);
    const rt = rtOf(backend);
    const out = rt.outF32(n);
    const { k0, k1, c2, c3, start } = philoxKey(attrs);
    const lo = attrs.minval, range = attrs.maxval - attrs.minval;
    // Blocks of STREAM_BLOCK values start on Philox block boundaries (4 values per block).
    rt.stream(n, STREAM_BLOCK, [], [], [out], (_f, _w, [po], i0, len) => {
      const [bl, bh] = blockWords(start + i0 / 4);
      rt.k.philoxUniform(po, len, bl, bh, c2, c3, k0, k1, range, lo);
    });
    if (attrs.state) attrs.state.counter += Math.ceil(n / 4);
    return [out];
  };
}

def("RandomUniform", uniform("RandomUniform"));
def("StatelessRandomUniform", uniform("StatelessRandomUniform"));

/**
 * _FusedDropout (core/ops/nn.ts) on float32: each block's uniform draw goes into y (the
 * RandomUniform kernel's values), then dropoutApply turns it into y and the keep mask in place.
 */
def("_FusedDropout", (inputs, attrs, outs, backend) => {
  const [x] = inputs;
  const n = sizeOfShape(x.shape);
  if (!isF32(x) || tiny(backend, n)) return cpu("_FusedDropout")(inputs, attrs, outs, backend);
  const rt = rtOf(backend);
  const y = rt.outF32(n), keep = rt.outU8(n);
  const { k0, k1, c2, c3, start } = philoxKey(attrs);
  const rate = Math.fround(attrs.rate), scale = Math.fround(1 / (1 - attrs.rate));
  rt.stream(n, STREAM_BLOCK, [f32(x)], [], [y, keep], ([px], _w, [py, pk], i0, len) => {
    const [bl, bh] = blockWords(start + i0 / 4);
    rt.k.philoxUniform(py, len, bl, bh, c2, c3, k0, k1, 1, 0);
    rt.k.dropoutApply(px, py, pk, len, rate, scale);
  });
  if (attrs.state) attrs.state.counter += Math.ceil(n / 4);
  return [y, keep];
});

def("_FusedDropoutGrad", (inputs, attrs, outs, backend) => {
  const [dy, keep] = inputs;
  const n = sizeOfShape(dy.shape);
  if (!isF32(dy) || tiny(backend, n)) return cpu("_FusedDropoutGrad")(inputs, attrs, outs, backend);
  const rt = rtOf(backend);
  const out = rt.outF32(n), scale = Math.fround(1 / (1 - attrs.rate));
  rt.stream(n, STREAM_BLOCK, [f32(dy), keep._handle as Uint8Array], [], [out], ([pd, pk], _w, [po], _i, len) => rt.k.maskScale(pd, pk, po, len, scale));
  return [out];
});

/**
 * RandomShuffle (a Keras fit shuffles its 60,000 sample indices each epoch): cpu's permutation,
 * computed in wasm (the same draws; the JavaScript loop took ~17 ms when cold, at every fit's start).
 */
def("RandomShuffle", (inputs, attrs, outs, backend) => {
  const [x] = inputs;
  const n = x.rank === 0 ? 1 : x.shape[0];
  if (tiny(backend, n)) return cpu("RandomShuffle")(inputs, attrs, outs, backend);
  const rt = rtOf(backend);
  const { k0, k1, c2, c3, start } = philoxKey(attrs);
  const [bl, bh] = blockWords(start);
  rt.reset();
  const p = rt.alloc(4 * n);
  rt.k.philoxShuffle(p, n, bl, bh, c2, c3, k0, k1);
  const perm = rt.i32.slice(p >> 2, (p >> 2) + n);
  if (attrs.state) attrs.state.counter += Math.ceil((2 * (n - 1)) / 4);
  return [rowsInOrder(x, perm, outs[0])];
});
