import { describe, it, expect, vi } from "vitest";
import * as tf from "../../index";
import { gradcheck } from "../util/gradcheck";

type T = tf.Tensor;
const vals = (t: T | null) => Array.from(t!.dataSync() as Float32Array);

describe("GradientTape: EXAMPLES section 4", () => {
  it("dW of sum((xW)^2) is [[8, 12], [8, 12]]", () => {
    const W = new tf.Variable(tf.constant([[1, 2], [3, 4]]), { name: "W" });
    const xin = tf.constant([[1, 1]]);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduce_sum(tf.square(tf.matmul(xin, W))));
    const dW = tape.gradient(loss, W);
    expect(loss.numpy().item()).toBe(4 * 4 + 6 * 6);
    expect(dW.numpy().tolist()).toEqual([[8, 12], [8, 12]]);
    expect(String(dW)).toBe("tf.Tensor(\n[[ 8. 12.]\n [ 8. 12.]], shape=(2, 2), dtype=float32)");
  });
});

describe("gradcheck utility", () => {
  it("passes for a correct rule and catches a wrong one", () => {
    const x = tf.constant([[0.3, -1.2], [2.0, 0.5]]);
    expect(gradcheck((a) => tf.tanh(tf.matmul(a, a)), [x])).toBeLessThan(1e-6);
    const bad = tf.custom_gradient((a: T) => [tf.square(a), (dy: T) => tf.multiply(dy, a)]);
    expect(() => gradcheck((a) => bad(a), [x])).toThrow(/gradient mismatch for input 0/);
  });
});

describe("GradientTape behaviour", () => {
  it("watches constants explicitly; variables automatically", () => {
    const x = tf.constant(3.0);
    const v = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return tf.add(tf.multiply(x, x), tf.multiply(v, x)); });
    const [dx, dv] = tape.gradient(y, [x, v]);
    expect(dx.numpy().item()).toBe(2 * 3 + 2);
    expect(dv.numpy().item()).toBe(3);
  });

  it("unwatched constants and disconnected sources give null, or zeros with unconnected_gradients='zero'", () => {
    const x = tf.constant([1, 2]);
    const v = new tf.Variable([1.0, 1.0]);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => tf.reduce_sum(tf.multiply(x, v)));
    expect(tape.gradient(y, x)).toBeNull();
    const z = new tf.Variable([5.0, 6.0]);
    expect(tape.gradient(y, z)).toBeNull();
    expect(vals(tape.gradient(y, z, null, "zero"))).toEqual([0, 0]);
    expect(vals(tape.gradient(y, z, { unconnected_gradients: "zero" }))).toEqual([0, 0]);
  });

  it("watch_accessed_variables=false watches only what is watched", () => {
    const a = new tf.Variable(2.0), b = new tf.Variable(3.0);
    const tape = new tf.GradientTape({ watch_accessed_variables: false });
    const y = tape.record(() => { tape.watch(a); return tf.multiply(a, b); });
    const [da, db] = tape.gradient(y, [a, b]);
    expect(da.numpy().item()).toBe(3);
    expect(db).toBeNull();
    expect(tape.watched_variables()).toEqual([a]);
  });

  it("non-trainable variables are not watched automatically", () => {
    const a = new tf.Variable(2.0, { trainable: false });
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.square(a));
    expect(tape.gradient(y, a)).toBeNull();
  });

  it("nested sources keep their structure (arrays and objects)", () => {
    const w = new tf.Variable([[1.0, 2.0]]), b = new tf.Variable([0.5]);
    const x = tf.constant([[3.0], [4.0]]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduce_sum(tf.add(tf.matmul(x, w), b)));
    const g = tape.gradient(y, { layer: [w, b], extra: { w } });
    expect(g.layer[0].numpy().tolist()).toEqual([[7, 7]]);
    expect(vals(g.layer[1])).toEqual([4]);
    expect(g.extra.w.numpy().tolist()).toEqual([[7, 7]]);
  });

  it("gradients accumulate over multiple uses, including variable reads across assigns", () => {
    const x = tf.constant(2.0);
    const v = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      const a = tf.multiply(x, v);    // reads v = 3
      v.assign(5.0);
      return tf.add(tf.add(a, tf.multiply(x, v)), tf.multiply(x, x)); // x*3 + x*5 + x^2
    });
    const [dx, dv] = tape.gradient(y, [x, v]);
    expect(dx.numpy().item()).toBe(3 + 5 + 4);
    expect(dv.numpy().item()).toBe(2 + 2);
  });

  it("multiple targets are summed; output_gradients weight them", () => {
    const x = tf.constant([1.0, 2.0]);
    const tape = new tf.GradientTape({ persistent: true });
    const [y1, y2] = tape.record(() => { tape.watch(x); return [tf.square(x), tf.multiply(x, 3)]; });
    expect(vals(tape.gradient([y1, y2], x))).toEqual([2 + 3, 4 + 3]);
    expect(vals(tape.gradient(y1, x, tf.constant([10.0, 100.0])))).toEqual([20, 400]);
  });

  it("a non-persistent tape can be used once; a persistent one many times; reset() forgets", () => {
    const x = tf.constant(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return tf.square(x); });
    expect(tape.gradient(y, x).numpy().item()).toBe(6);
    expect(() => tape.gradient(y, x)).toThrow(/non-persistent GradientTape can only be used to compute one set of gradients/);
    const p = new tf.GradientTape({ persistent: true });
    const z = p.record(() => { p.watch(x); return tf.pow(x, 3); });
    expect(p.gradient(z, x).numpy().item()).toBe(27);
    expect(p.gradient(z, x).numpy().item()).toBe(27);
    p.reset();
    expect(p.gradient(z, x)).toBeNull();
  });

  it("stop_recording pauses the tape", () => {
    const x = tf.constant(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      const a = tf.square(x);
      const b = tape.stop_recording(() => tf.multiply(x, 10));
      return tf.add(a, b);
    });
    expect(tape.gradient(y, x).numpy().item()).toBe(4);
    expect(() => tape.stop_recording(() => 1)).toThrow(/only be used inside tape.record/);
  });

  it("tf.stop_gradient blocks, tf.custom_gradient replaces", () => {
    const x = tf.constant(3.0);
    const clipGrad = tf.custom_gradient((a: T) => [tf.square(a), (dy: T) => tf.clip_by_value(tf.multiply(dy, tf.multiply(a, 2)), -1, 1)]);
    const tape = new tf.GradientTape({ persistent: true });
    const [y1, y2] = tape.record(() => { tape.watch(x); return [tf.add(tf.stop_gradient(tf.square(x)), x), clipGrad(x)]; });
    expect(tape.gradient(y1, x).numpy().item()).toBe(1);
    expect(y2.numpy().item()).toBe(9);
    expect(tape.gradient(y2, x).numpy().item()).toBe(1);
  });

  it("tf.custom_gradient with variables: grad_fn returns [input grads, variable grads]", () => {
    const v = new tf.Variable(2.0);
    const f = tf.custom_gradient((x: T) => {
      const y = tf.multiply(x, v);
      return [y, (dy: T, { variables }: { variables: tf.Variable[] }) => {
        expect(variables).toEqual([v]);
        return [[tf.multiply(dy, 100)], [tf.multiply(dy, 1000)]];
      }];
    });
    const x = tf.constant(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return f(x); });
    const [dx, dv] = tape.gradient(y, [x, v]);
    expect(y.numpy().item()).toBe(6);
    expect(dx.numpy().item()).toBe(100);
    expect(dv.numpy().item()).toBe(1000);
  });

  it("int tensors are not watched (TF warns) and get no gradient", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const i = tf.constant([1, 2], tf.int32);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(i); return tf.multiply(i, i); });
    expect(tape.gradient(y, i)).toBeNull();
    expect(warn.mock.calls.join(" ")).toMatch(/must be floating/);
    warn.mockRestore();
  });

  it("an async block keeps recording until it settles", async () => {
    const x = tf.constant(2.0);
    const tape = new tf.GradientTape();
    const y = await tape.record(async () => {
      tape.watch(x);
      await Promise.resolve();
      return tf.pow(x, 3);
    });
    expect(tape.gradient(y, x).numpy().item()).toBe(12);
  });

  it("option typos get a did-you-mean error", () => {
    expect(() => new tf.GradientTape({ persistant: true } as never)).toThrow(/Did you mean 'persistent'/);
  });
});

describe("jacobian and batch_jacobian", () => {
  it("jacobian of x^2 (vector) is diag(2x); of matmul has shape target+source", () => {
    const x = tf.constant([1.0, 2.0, 3.0]);
    const tape = new tf.GradientTape({ persistent: true });
    const [y, z] = tape.record(() => { tape.watch(x); return [tf.square(x), tf.matmul(tf.reshape(x, [1, 3]), tf.constant([[1, 2], [3, 4], [5, 6]]))]; });
    expect(tape.jacobian(y, x).numpy().tolist()).toEqual([[2, 0, 0], [0, 4, 0], [0, 0, 6]]);
    const j = tape.jacobian(z, x);
    expect(j.shape).toEqual([1, 2, 3]);
    expect(j.numpy().tolist()).toEqual([[[1, 3, 5], [2, 4, 6]]]);
  });
  it("batch_jacobian gives per-example Jacobians", () => {
    const x = tf.constant([[1.0, 2.0], [3.0, 4.0]]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return tf.multiply(x, tf.reverse(x, [1])); }); // [x0*x1, x1*x0]
    const bj = tape.batch_jacobian(y, x)!;
    expect(bj.shape).toEqual([2, 2, 2]);
    expect(bj.numpy().tolist()).toEqual([[[2, 1], [2, 1]], [[4, 3], [4, 3]]]);
  });
});

describe("higher-order gradients via nested tapes", () => {
  /** d/dx of sum(f(x) * w) with nested tapes, and d²/dx² of it, checked against finite differences of the first derivative. */
  function secondOrder(f: (x: T) => T, x0: T) {
    const x = tf.cast(x0, tf.float64);
    const outer = new tf.GradientTape();
    let g1: T | null = null;
    const s = outer.record(() => {
      outer.watch(x);
      const inner = new tf.GradientTape();
      const y = inner.record(() => { inner.watch(x); return tf.reduce_sum(f(x)); });
      g1 = inner.gradient(y, x) as T;
      return tf.reduce_sum(tf.multiply(g1, tf.cast(tf.range(1, g1.size + 1), tf.float64).reshape(g1.shape)));
    });
    const g2 = outer.gradient(s, x) as T;
    expect(g2, "second derivative exists").not.toBeNull();
    // numeric: derivative of s(x) = sum(k * (d/dx sum f)(x)_k)
    const first = (xv: T) => {
      const t = new tf.GradientTape();
      const y = t.record(() => { t.watch(xv); return tf.reduce_sum(f(xv)); });
      const g = t.gradient(y, xv) as T;
      return tf.reduce_sum(tf.multiply(g, tf.cast(tf.range(1, g.size + 1), tf.float64).reshape(g.shape))).numpy().item() as number;
    };
    const base = Float64Array.from(x.dataSync() as Float64Array);
    const eps = 1e-5;
    const an = g2.dataSync() as Float64Array;
    for (let j = 0; j < base.length; j++) {
      const p = base.slice(); p[j] += eps;
      const mn = base.slice(); mn[j] -= eps;
      const num = (first(tf.reshape(tf.constant(p, tf.float64), x.shape)) - first(tf.reshape(tf.constant(mn, tf.float64), x.shape))) / (2 * eps);
      expect(Math.abs(an[j] - num)).toBeLessThan(1e-6 + 1e-6 * Math.abs(num));
    }
    return g2;
  }
  it("tanh: d²/dx² tanh = -2 tanh (1 - tanh²)", () => {
    const x = tf.constant([-0.7, 0.2, 1.1], tf.float64);
    const g2 = secondOrder((a) => tf.tanh(a), x);
    const want = [-0.7, 0.2, 1.1].map((v, i) => (i + 1) * -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2));
    Array.from(g2.dataSync() as ArrayLike<number>).forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });
  it("exp: d²/dx² exp = exp", () => {
    const g2 = secondOrder((a) => tf.exp(a), tf.constant([0.5, -1], tf.float64));
    expect(g2.dataSync()[0]).toBeCloseTo(Math.exp(0.5), 12);
    expect(g2.dataSync()[1]).toBeCloseTo(2 * Math.exp(-1), 12);
  });
  it("matmul (x used twice: sum(x @ x @ x))", () => {
    secondOrder((a) => tf.matmul(tf.matmul(a, a), a), tf.constant([[0.3, -0.5], [0.8, 0.1]], tf.float64));
  });
  it("softmax", () => {
    secondOrder((a) => tf.multiply(tf.nn.softmax(a), tf.constant([[1, -2, 3]], tf.float64)), tf.constant([[0.1, 0.5, -0.4]], tf.float64));
  });
  it("a persistent tape computing gradients inside an outer tape (x^3 -> 6x)", () => {
    const x = tf.constant(2.0);
    const t2 = new tf.GradientTape();
    const dy = t2.record(() => {
      t2.watch(x);
      const t1 = new tf.GradientTape();
      const y = t1.record(() => { t1.watch(x); return tf.pow(x, 3); });
      return t1.gradient(y, x);
    });
    expect(dy.numpy().item()).toBe(12);
    expect(t2.gradient(dy, x).numpy().item()).toBe(12);
  });
});

describe("the tape keeps nothing alive", () => {
  it("a non-persistent tape drops its record after gradient()", () => {
    const x = tf.constant([1.0, 2.0]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(x); return tf.reduce_sum(tf.exp(tf.square(x))); });
    tape.gradient(y, x);
    const internals = tape as unknown as { _entries: unknown[]; _watched: Set<number>; _variables: Map<unknown, unknown> };
    expect(internals._entries.length).toBe(0);
    expect(internals._watched.size).toBe(0);
    expect(internals._variables.size).toBe(0);
  });
  it("recorded intermediates become collectable (WeakRef + forced GC)", async () => {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose_gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const x = tf.constant([1.0, 2.0]);
    const tape = new tf.GradientTape();
    let ref: WeakRef<T> | null = null;
    const y = tape.record(() => { tape.watch(x); const mid = tf.exp(x); ref = new WeakRef(mid); return tf.reduce_sum(tf.square(mid)); });
    tape.gradient(y, x);
    await new Promise((r) => setTimeout(r, 0));
    gc();
    await new Promise((r) => setTimeout(r, 0));
    gc();
    expect(ref!.deref()).toBeUndefined();
    void tape;
  });
});
