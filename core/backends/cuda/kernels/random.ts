/**
 * cuda kernels: uniform random floats (RandomUniform, which is dropout's mask, and
 * StatelessRandomUniform) for float32 and float64, generated on the device from the cpu backend's
 * Philox4x32-10 stream (cuda/src/random.cu), so cuda and cpu give bit-identical values for a seed and
 * advance the op's stream counter alike. Other dtypes (float16) and the other random ops run cpu's
 * kernel on host copies.
 */
import type { Kernel } from "../../backend";
import { registerKernel } from "../../../engine/engine";
import { be } from "../util";
import { sizeOfShape } from "../backend";
import { msg } from "../../../errors";

const TWO32 = 4294967296;

/** Two's-complement 64-bit words of an integer seed: [low, high] (as cpu's kernel reads seeds). */
function words(x: number): [number, number] {
  const b = BigInt.asUintN(64, BigInt(Math.trunc(x)));
  return [Number(b & 0xffffffffn), Number(b >> 32n)];
}

function uniform(op: string): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend);
    const dt = outs[0].dtype.name;
    if (dt !== "float32" && dt !== "float64") return b.viaCpu(op, inputs, attrs, outs, ` for ${dt}`);
    const n = sizeOfShape(outs[0].shape);
    if (n >= 2 ** 31) throw new Error(msg(`cuda: ${op}: tensors of 2^31 or more elements are not supported`, `cuda: ${op}: 원소가 2^31개 이상인 텐서는 지원하지 않습니다`));
    const [k0, k1] = words(attrs.seed), [c2, c3] = words(attrs.seed2);
    const start: number = attrs.state ? attrs.state.counter : 0;
    const lo: number = attrs.minval, range = attrs.maxval - attrs.minval;
    // Philox blocks used: four float32 values or two float64 values per block (cpu's count).
    const blocks = dt === "float32" ? Math.ceil(n / 4) : Math.ceil(n / 2);
    const o = b.out(outs[0]);
    const blo = start % TWO32, bhi = Math.floor(start / TWO32);
    if (dt === "float32") b.launch1d("philox_uniform_f32", blocks, o.ptr, n, blo, bhi, c2, c3, k0, k1, range, lo);
    else b.launch1d("philox_uniform_f64", blocks, o.ptr, n, blo, bhi, c2, c3, k0, k1, range, lo);
    if (attrs.state) attrs.state.counter += blocks;
    return [o];
  };
}

registerKernel("cuda", "RandomUniform", uniform("RandomUniform"));
registerKernel("cuda", "StatelessRandomUniform", uniform("StatelessRandomUniform"));
