import { describe, it, expect } from "vitest";
import { inspect } from "node:util";
import * as tf from "../../index";
import { NDArray } from "../../core/tensor/ndarray";

// Expected texts are TensorFlow 2.x's printed forms (shared/REFERENCE.md, shared/EXAMPLES.md).
describe("TF eager tensor printing", () => {
  it("str of a float32 matrix", () => {
    expect(String(tf.constant([[4.0]]))).toBe("tf.Tensor([[4.]], shape=(1, 1), dtype=float32)");
    expect(String(tf.constant([[4.0], [8.0]]))).toBe("tf.Tensor(\n[[4.]\n [8.]], shape=(2, 1), dtype=float32)");
  });

  it("str and repr of an int32 matrix: newline first when the text spans lines", () => {
    const t = tf.constant([[1, 2], [3, 4]], "int32");
    expect(String(t)).toBe("tf.Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)");
    expect(t.repr()).toBe("<tf.Tensor: shape=(2, 2), dtype=int32, numpy=\narray([[1, 2],\n       [3, 4]], dtype=int32)>");
  });

  it("scalars print like numpy scalars", () => {
    expect(String(tf.constant(5.0))).toBe("tf.Tensor(5.0, shape=(), dtype=float32)");
    expect(tf.constant(5.0).repr()).toBe("<tf.Tensor: shape=(), dtype=float32, numpy=5.0>");
    expect(String(tf.constant(0.1))).toBe("tf.Tensor(0.1, shape=(), dtype=float32)");
    expect(String(tf.constant(1e-5))).toBe("tf.Tensor(1e-05, shape=(), dtype=float32)");
    expect(String(tf.constant(4, "int32"))).toBe("tf.Tensor(4, shape=(), dtype=int32)");
    expect(tf.constant(4, "int32").repr()).toBe("<tf.Tensor: shape=(), dtype=int32, numpy=4>");
    expect(String(tf.constant(true))).toBe("tf.Tensor(True, shape=(), dtype=bool)");
  });

  it("vectors, bools and float32 digits", () => {
    expect(String(tf.constant([2.0, 3.0, 4.0]))).toBe("tf.Tensor([2. 3. 4.], shape=(3,), dtype=float32)");
    expect(String(tf.constant([0.1, 0.25]))).toBe("tf.Tensor([0.1  0.25], shape=(2,), dtype=float32)");
    expect(String(tf.constant([true, false]))).toBe("tf.Tensor([ True False], shape=(2,), dtype=bool)");
    expect(tf.constant([1.5, 2], "float64").repr()).toBe("<tf.Tensor: shape=(2,), dtype=float64, numpy=array([1.5, 2. ])>");
  });

  it("strings are bytes", () => {
    expect(String(tf.constant("hello"))).toBe("tf.Tensor(b'hello', shape=(), dtype=string)");
    expect(tf.constant("hello").repr()).toBe("<tf.Tensor: shape=(), dtype=string, numpy=b'hello'>");
    expect(String(tf.constant(["a", "bc"]))).toBe("tf.Tensor([b'a' b'bc'], shape=(2,), dtype=string)");
    expect(tf.constant(["a", "bc"]).repr()).toBe("<tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a', b'bc'], dtype=object)>");
  });

  it("String(), template literals and console.log (util.inspect) agree", () => {
    const t = tf.constant([[1, 2], [3, 4]], "int32");
    expect(`${t}`).toBe(String(t));
    expect(inspect(t)).toBe(String(t));
  });

  it("a [1000, 1000] tensor prints summarised", () => {
    const data = new Float32Array(1e6);
    for (let i = 0; i < data.length; i++) data[i] = i % 7;
    const s = String(tf.constant(new NDArray(data, [1000, 1000], "float32")));
    expect(s).toBe(
      // numpy: str((np.arange(10**6) % 7).astype(np.float32).reshape(1000, 1000))
      "tf.Tensor(\n[[0. 1. 2. ... 3. 4. 5.]\n [6. 0. 1. ... 2. 3. 4.]\n [5. 6. 0. ... 1. 2. 3.]\n ...\n" +
      " [4. 5. 6. ... 0. 1. 2.]\n [3. 4. 5. ... 6. 0. 1.]\n [2. 3. 4. ... 5. 6. 0.]], shape=(1000, 1000), dtype=float32)",
    );
  });
});

describe("NDArray printing", () => {
  it("str is numpy's, inspect shows it", () => {
    const a = new NDArray(new Float32Array([1, 2.5]), [2], "float32");
    expect(String(a)).toBe("[1.  2.5]");
    expect(inspect(a)).toBe("[1.  2.5]");
    expect(a.repr()).toBe("array([1. , 2.5], dtype=float32)");
  });
  it("0-d and empty", () => {
    expect(new NDArray(new Float32Array([5]), [], "float32").repr()).toBe("array(5., dtype=float32)");
    expect(String(new NDArray(new Float32Array([5]), [], "float32"))).toBe("5.0");
    expect(new NDArray(new Float32Array(0), [0, 3], "float32").repr()).toBe("array([], shape=(0, 3), dtype=float32)");
    expect(String(new NDArray(new Float32Array(0), [0, 3], "float32"))).toBe("[]");
  });
});
