/**
 * Shape/indexing and creation ops against numpy (test/fixtures/array.json, written by
 * test/fixtures/gen_array.py). Data-movement ops must match exactly, in every dtype;
 * range/linspace (arithmetic) match to float32 rounding.
 */
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../index";

interface J { shape: number[]; dtype: string; data: (number | boolean)[] }
const F: Record<string, any[]> = JSON.parse(readFileSync(join(__dirname, "../fixtures/array.json"), "utf8"));

function T(j: J): tf.Tensor {
  return tf.constant(j.data as number[], j.dtype as tf.DTypeLike, j.shape);
}
function same(t: tf.Tensor, j: J): void {
  expect(t.shape).toEqual(j.shape);
  expect(t.dtype.name).toBe(j.dtype);
  const got = Array.from(t.dataSync() as ArrayLike<number>);
  expect(got).toEqual(j.data.map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v)));
}
function close(t: tf.Tensor, j: J, tol = 1e-6): void {
  expect(t.shape).toEqual(j.shape);
  expect(t.dtype.name).toBe(j.dtype);
  const got = Array.from(t.dataSync() as ArrayLike<number>);
  got.forEach((v, i) => expect(Math.abs(v - (j.data[i] as number))).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(j.data[i] as number))));
}
const label = (c: any, keys: string[]): string => keys.map((k) => `${k}=${JSON.stringify(c[k]?.shape ?? c[k])}`).join(" ");

describe("fixtures are present", () => {
  it("has every op family", () => {
    for (const k of ["transpose", "expand_dims", "squeeze", "concat", "stack", "unstack", "split", "tile", "pad", "reverse", "slice",
      "getitem", "gather", "gather_nd", "scatter_nd", "boolean_mask", "where", "one_hot", "eye", "range", "linspace", "broadcast_to"]) {
      expect(F[k]?.length, k).toBeGreaterThan(0);
    }
  });
});

describe("transpose / expand_dims / squeeze", () => {
  for (const c of F.transpose) it(`transpose ${label(c, ["x", "perm"])}`, () => same(tf.transpose(T(c.x), c.perm), c.out));
  for (const c of F.transpose) it(`transpose options form ${label(c, ["x", "perm"])}`, () => same(tf.transpose(T(c.x), { perm: c.perm }), c.out));
  for (const c of F.expand_dims) it(`expand_dims ${label(c, ["x", "axis"])}`, () => same(tf.expand_dims(T(c.x), c.axis), c.out));
  for (const c of F.squeeze) it(`squeeze ${label(c, ["x", "axis"])}`, () => same(tf.squeeze(T(c.x), c.axis), c.out));
  it("methods", () => {
    const c = F.transpose[3];
    same(T(c.x).transpose(), c.out);
    same(T(F.expand_dims[1].x).expand_dims(F.expand_dims[1].axis), F.expand_dims[1].out);
    same(T(F.squeeze[0].x).squeeze(), F.squeeze[0].out);
  });
});

describe("concat / stack / unstack / split", () => {
  for (const c of F.concat) it(`concat ${c.xs.map((x: J) => JSON.stringify(x.shape)).join("+")} axis=${c.axis}`, () => same(tf.concat(c.xs.map(T), c.axis), c.out));
  for (const c of F.stack) it(`stack ${c.xs.length}x${JSON.stringify(c.xs[0].shape)} axis=${c.axis}`, () => same(tf.stack(c.xs.map(T), c.axis), c.out));
  for (const c of F.unstack) {
    it(`unstack ${label(c, ["x", "axis"])}`, () => {
      const parts = tf.unstack(T(c.x), { axis: c.axis });
      expect(parts.length).toBe(c.outs.length);
      parts.forEach((p, i) => same(p, c.outs[i]));
    });
  }
  for (const c of F.split) {
    it(`split ${label(c, ["x", "spec", "axis"])}`, () => {
      const parts = tf.split(T(c.x), c.spec, c.axis);
      expect(parts.length).toBe(c.outs.length);
      parts.forEach((p, i) => same(p, c.outs[i]));
    });
  }
  it("stack accepts JS values next to tensors and adopts their dtype", () => {
    const s = tf.stack([tf.constant([1, 2], tf.int32), [3, 4]]);
    expect(s.dtype.name).toBe("int32");
    expect(s.tolist()).toEqual([[1, 2], [3, 4]]);
  });
  it("concat of one value is an identity (after checking the axis)", () => {
    const x = tf.constant([[1, 2]]);
    expect(tf.concat([x], 1).tolist()).toEqual([[1, 2]]);
    expect(() => tf.concat([x], 2)).toThrow(/axis 2 is out of range/);
  });
});

describe("tile / pad / reverse", () => {
  for (const c of F.tile) it(`tile ${label(c, ["x", "multiples"])}`, () => same(tf.tile(T(c.x), c.multiples), c.out));
  for (const c of F.broadcast_to) it(`broadcast_to ${label(c, ["x", "shape"])}`, () => same(tf.broadcast_to(T(c.x), c.shape), c.out));
  for (const c of F.pad) {
    it(`pad ${c.mode} ${label(c, ["x", "paddings", "constant_values"])}`, () => {
      const x = T(c.x);
      same(tf.pad(x, c.paddings, c.mode, c.constant_values), c.out);
      same(tf.pad(x, c.paddings, { mode: c.mode.toLowerCase(), constant_values: c.constant_values }), c.out);
    });
  }
  for (const c of F.reverse) it(`reverse ${label(c, ["x", "axis"])}`, () => same(tf.reverse(T(c.x), c.axis), c.out));
});

describe("slice / strided_slice / getitem", () => {
  for (const c of F.slice) {
    it(`slice ${label(c, ["x", "begin", "size"])}`, () => {
      same(tf.slice(T(c.x), c.begin, c.size), c.out);
      same(T(c.x).slice(c.begin, c.size), c.out);
    });
  }
  for (const c of F.getitem) it(`x[${c.spec}] of ${JSON.stringify(c.x.shape)}`, () => same(T(c.x).getitem(c.spec), c.out));
  it("getitem with separate index arguments and slice objects", () => {
    const c = F.getitem[0]; // "1:3, ::-1"
    same(T(c.x).getitem("1:3", "::-1"), c.out);
    same(T(c.x).getitem({ start: 1, stop: 3 }, { step: -1 }), c.out);
    const e = F.getitem[1]; // "..., 0"
    same(T(e.x).getitem("...", 0), e.out);
  });
  it("strided_slice with explicit masks equals Python indexing", () => {
    // x[1:3, ::-1] on a [4, 5]: end_mask bit 1 for the open-ended reversed dim, begin_mask bit 1 too.
    const c = F.getitem[0];
    same(tf.strided_slice(T(c.x), [1, 0], [3, 0], [1, -1], 2, 2, 0, 0, 0), c.out);
    same(tf.strided_slice(T(c.x), [1, 0], [3, 0], { strides: [1, -1], begin_mask: 2, end_mask: 2 }), c.out);
    // x[..., 0] on [2, 3, 4]: ellipsis bit 0, shrink bit 1.
    const e = F.getitem[1];
    same(tf.strided_slice(T(e.x), [0, 0], [0, 1], [1, 1], { ellipsis_mask: 1, shrink_axis_mask: 2 }), e.out);
    // x[None, :, 1] on [3, 4]: new_axis bit 0, full slice on dim 0, shrink dim 1.
    const n = F.getitem[2];
    same(tf.strided_slice(T(n.x), [0, 0, 1], [0, 0, 2], [1, 1, 1], { begin_mask: 2, end_mask: 2, new_axis_mask: 1, shrink_axis_mask: 4 }), n.out);
  });
});

describe("gather / gather_nd / scatter_nd", () => {
  for (const c of F.gather) {
    it(`gather ${label(c, ["params", "indices", "axis", "batch_dims"])}`, () => {
      same(tf.gather(T(c.params), T(c.indices), { axis: c.axis, batch_dims: c.batch_dims }), c.out);
      same(tf.gather(T(c.params), T(c.indices), null, c.axis, c.batch_dims), c.out);
    });
  }
  it("gather with int64 indices and JS-array indices", () => {
    const c = F.gather[0];
    same(tf.gather(T(c.params), tf.cast(T(c.indices), tf.int64)), c.out);
    same(tf.gather(T(c.params), c.indices.data as number[]), c.out);
  });
  for (const c of F.gather_nd) {
    it(`gather_nd ${label(c, ["params", "indices", "batch_dims"])}`, () => same(tf.gather_nd(T(c.params), T(c.indices), c.batch_dims), c.out));
  }
  for (const c of F.scatter_nd) {
    it(`scatter_nd ${label(c, ["indices", "updates", "shape"])} (duplicates add)`, () => same(tf.scatter_nd(T(c.indices), T(c.updates), c.shape), c.out));
  }
});

describe("boolean_mask / where", () => {
  for (const c of F.boolean_mask) {
    it(`boolean_mask ${label(c, ["x", "mask", "axis"])}`, () => same(tf.boolean_mask(T(c.x), T(c.mask), { axis: c.axis }), c.out));
  }
  for (const c of F.where) it(`where(condition) ${label(c, ["c"])}`, () => same(tf.where(T(c.c)), c.out));
  it("where on numbers counts non-zeros", () => {
    expect(tf.where(tf.constant([0, 3, 0, -1])).tolist()).toEqual([[1], [3]]);
  });
});

describe("size / rank / identity / shape", () => {
  it("size and rank", () => {
    const x = tf.zeros([2, 3, 4]);
    expect(String(tf.size(x))).toBe("tf.Tensor(24, shape=(), dtype=int32)");
    expect(tf.size(x, tf.int64).dtype.name).toBe("int64");
    expect(tf.size(x, { out_type: tf.int64 }).numpy().item()).toBe(24);
    expect(String(tf.rank(x))).toBe("tf.Tensor(3, shape=(), dtype=int32)");
    expect(tf.rank(5).numpy().item()).toBe(0);
    expect(tf.size(tf.zeros([0, 5])).numpy().item()).toBe(0);
  });
  it("identity keeps value and dtype", () => {
    const x = tf.constant([1, 2], tf.int32);
    const y = tf.identity(x);
    expect(y.dtype.name).toBe("int32");
    expect(y.tolist()).toEqual([1, 2]);
  });
});

describe("creation: one_hot / eye / range / linspace", () => {
  for (const c of F.one_hot) {
    it(`one_hot ${label(c, ["indices", "depth", "on_value", "off_value", "axis"])}`, () => {
      same(tf.one_hot(T(c.indices), c.depth, c.on_value, c.off_value, c.axis), c.out);
      same(tf.one_hot(c.indices.data.length === 1 && c.indices.shape.length === 0 ? c.indices.data[0] : T(c.indices), { depth: c.depth, on_value: c.on_value, off_value: c.off_value, axis: c.axis }), c.out);
    });
  }
  it("one_hot: JS arrays are int32 indices; dtype follows a typed on_value", () => {
    expect(tf.one_hot([0, 2], 3).tolist()).toEqual([[1, 0, 0], [0, 0, 1]]);
    const t = tf.one_hot([1], 2, tf.constant(7, tf.int32), tf.constant(0, tf.int32));
    expect(t.dtype.name).toBe("int32");
    expect(t.tolist()).toEqual([[0, 7]]);
    expect(tf.one_hot([1], 2, { dtype: tf.bool }).tolist()).toEqual([[false, true]]);
  });
  for (const c of F.eye) {
    it(`eye ${label(c, ["num_rows", "num_columns", "batch_shape"])}`, () => {
      same(tf.eye(c.num_rows, c.num_columns, c.batch_shape), c.out);
      same(tf.eye(c.num_rows, { num_columns: c.num_columns ?? undefined, batch_shape: c.batch_shape ?? undefined }), c.out);
    });
  }
  it("eye in other dtypes", () => {
    expect(tf.eye(2, { dtype: tf.int32 }).dtype.name).toBe("int32");
    expect(tf.eye(2, null, null, tf.bool).tolist()).toEqual([[true, false], [false, true]]);
  });
  for (const c of F.range) {
    it(`range(${c.args.join(", ")})`, () => close((tf.range as any)(...c.args), c.out, 1e-6));
  }
  it("range: dtype argument, tensor arguments and options", () => {
    const r = tf.range(5, { dtype: tf.int32 });
    expect(r.dtype.name).toBe("int32");
    expect(r.tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(tf.range(1, 10, 4, tf.int64).tolist()).toEqual([1, 5, 9]);
    const t = tf.range(tf.constant(3, tf.int32));
    expect(t.dtype.name).toBe("int32");
    expect(t.tolist()).toEqual([0, 1, 2]);
    expect(tf.range(0, 1, 0.25, tf.float64).tolist()).toEqual([0, 0.25, 0.5, 0.75]);
  });
  for (const c of F.linspace) {
    it(`linspace(${JSON.stringify(c.start)}, ${JSON.stringify(c.stop)}, ${c.num}, axis=${c.axis})`, () => {
      const start = Array.isArray(c.start) ? tf.constant(c.start) : c.start;
      const stop = Array.isArray(c.stop) ? tf.constant(c.stop) : c.stop;
      close(tf.linspace(start, stop, c.num, { axis: c.axis }), c.out, 1e-6);
    });
  }
  it("linspace keeps the end points exact", () => {
    const t = tf.linspace(0.1, 0.7, 7).dataSync();
    expect(t[0]).toBe(Math.fround(0.1));
    expect(t[6]).toBe(Math.fround(0.7));
  });
});

describe("other dtypes move as whole elements", () => {
  // [2, 2] complex64 [[1+2j, 3-4j], [5+6j, 7+8j]] (storage: interleaved re, im).
  const c = () => tf.constant(new tf.NDArray(Float32Array.of(1, 2, 3, -4, 5, 6, 7, 8), [2, 2], tf.complex64));
  it("complex64: transpose, conjugate transpose, concat, gather, reverse, pad, getitem", () => {
    const z = c();
    expect(z.shape).toEqual([2, 2]);
    expect(tf.transpose(z).tolist()).toEqual([[[1, 2], [5, 6]], [[3, -4], [7, 8]]]);
    expect(tf.transpose(z, { conjugate: true }).tolist()).toEqual([[[1, -2], [5, -6]], [[3, 4], [7, -8]]]);
    expect(tf.concat([z, z], 0).shape).toEqual([4, 2]);
    expect(tf.concat([z, z], 1).tolist()[0]).toEqual([[1, 2], [3, -4], [1, 2], [3, -4]]);
    expect(tf.gather(z, tf.constant([1], tf.int32), { axis: 1 }).tolist()).toEqual([[[3, -4]], [[7, 8]]]);
    expect(tf.reverse(z, [1]).tolist()[1]).toEqual([[7, 8], [5, 6]]);
    expect(tf.pad(z, [[0, 0], [1, 0]]).tolist()[0]).toEqual([[0, 0], [1, 2], [3, -4]]);
    expect(tf.pad(z, [[0, 0], [1, 0]], "REFLECT").tolist()[0]).toEqual([[3, -4], [1, 2], [3, -4]]);
    expect(z.getitem("::-1, 0").tolist()).toEqual([[5, 6], [1, 2]]);
    expect(tf.tile(z, [1, 2]).tolist()[1]).toEqual([[5, 6], [7, 8], [5, 6], [7, 8]]);
  });
  it("strings and bools: stack, gather, boolean_mask, tile, split", () => {
    const s = tf.constant(["a", "b", "c"]);
    expect(tf.gather(s, [2, 0]).tolist()).toEqual(["c", "a"]);
    expect(tf.boolean_mask(s, tf.constant([true, false, true])).tolist()).toEqual(["a", "c"]);
    expect(tf.tile(s, [2]).tolist()).toEqual(["a", "b", "c", "a", "b", "c"]);
    expect(tf.stack([s, s], 1).tolist()).toEqual([["a", "a"], ["b", "b"], ["c", "c"]]);
    expect(tf.pad(s, [[1, 0]]).tolist()).toEqual(["", "a", "b", "c"]);
    const b = tf.constant([true, false, false, true]);
    expect(tf.split(b, 2).map((t) => t.tolist())).toEqual([[true, false], [false, true]]);
    expect(tf.reverse(b, [0]).dtype.name).toBe("bool");
  });
});
