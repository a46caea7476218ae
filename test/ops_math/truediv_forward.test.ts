// truediv of integer data (`x_train_u8 / 255.0`): the float cast is a temporary that kernels may
// overwrite with the quotient (buffer forwarding). Values must be exactly float32(x) / float32(y),
// and nothing the caller holds may change.
import { describe, it, expect } from "vitest";
import * as tf from "../../index";
import { NDArray } from "../../core/tensor/ndarray";

const backends = ["cpu", "native", "wasm"].filter((b) => { try { tf.config.set_backend(b); return true; } catch { return false; } });

describe.each(backends)("truediv of integer inputs on %s", (backend) => {
  it("uint8 NDArray / 255.0: float32 quotients, the NDArray untouched", () => {
    tf.config.set_backend(backend);
    const n = 70_000; // above the wasm kernels' size floor
    const u8 = new Uint8Array(n);
    for (let i = 0; i < n; i++) u8[i] = (i * 37) % 256;
    const nd = new NDArray(u8, [n], "uint8");
    const r = tf.divide(nd, 255.0);
    expect(r.dtype.name).toBe("float32");
    const got = r.dataSync() as Float32Array;
    for (let i = 0; i < n; i += 997) expect(got[i]).toBe(Math.fround(u8[i] / 255));
    expect(u8[1]).toBe(37);
    expect(u8[300]).toBe((300 * 37) % 256);
  });

  it("an int32 tensor / 4 gives float64 and leaves the tensor as it was", () => {
    tf.config.set_backend(backend);
    const t = tf.constant(Int32Array.from({ length: 50_000 }, (_, i) => i - 25_000), tf.int32);
    const r = tf.divide(t, 4);
    expect(r.dtype.name).toBe("float64");
    expect((r.dataSync() as Float64Array)[1]).toBe((1 - 25_000) / 4);
    expect((t.dataSync() as Int32Array)[1]).toBe(1 - 25_000);
  });
});
