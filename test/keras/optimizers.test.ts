import { describe, it, expect } from "vitest";
import * as fs from "fs";
import * as path from "path";
import * as tf from "../../index";

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "keras.json"), "utf8"));
const K = tf.keras;

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i])));
}

describe("keras optimizers: update rules vs numpy (Keras 2 formulas)", () => {
  const { var0, grads, cases } = fx.optimizers;
  for (const [name, c] of Object.entries<any>(cases)) {
    it(`${name} over three steps`, () => {
      const Cls = (K.optimizers as any)[c.class];
      const opt = new Cls(c.args);
      const v = new tf.Variable(tf.constant(var0, tf.float32));
      c.trajectory.forEach((want: number[], t: number) => {
        opt.apply_gradients([[tf.constant(grads[t], tf.float32), v]]);
        close(v.numpy().data as Float32Array, want, 2e-6);
      });
      expect(Number(opt.iterations.numpy().item())).toBe(3);
    });
  }

  it("Adam defaults are Keras 2's (epsilon 1e-7)", () => {
    const a = new K.optimizers.Adam();
    expect([a.learning_rate, a.beta_1, a.beta_2, a.epsilon, a.amsgrad]).toEqual([0.001, 0.9, 0.999, 1e-7, false]);
    expect(new K.optimizers.SGD().learning_rate).toBe(0.01);
    expect(new K.optimizers.RMSprop().get_config()).toMatchObject({ rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
  });

  it("positional arguments follow Keras's order", () => {
    const s = new K.optimizers.SGD(0.1, 0.9, true);
    expect([s.learning_rate, s.momentum, s.nesterov]).toEqual([0.1, 0.9, true]);
    const a = new K.optimizers.Adam(0.01, 0.8);
    expect([a.learning_rate, a.beta_1]).toEqual([0.01, 0.8]);
  });

  it("apply_gradients accepts zip-style pairs, skips null gradients, and rejects bad pairs", () => {
    const v1 = new tf.Variable(tf.constant([1, 2])), v2 = new tf.Variable(tf.constant([3]));
    const opt = new K.optimizers.SGD({ learning_rate: 0.5 });
    opt.apply_gradients([[tf.constant([1, 1]), v1], [null, v2]]);
    expect(v1.numpy().tolist()).toEqual([0.5, 1.5]);
    expect(v2.numpy().tolist()).toEqual([3]);
    expect(() => opt.apply_gradients([[tf.constant([1, 1, 1]), v1]])).toThrow(/shape/);
    expect(() => opt.apply_gradients([[tf.constant([1]), 5 as never]])).toThrow(/tf.Variable/);
    expect(() => opt.apply_gradients([[null, v1]])).toThrow(/No gradients provided/);
  });

  it("minimize with a loss function", () => {
    const x = new tf.Variable(tf.constant(3.0));
    const opt = new K.optimizers.SGD(0.1);
    for (let i = 0; i < 50; i++) opt.minimize(() => tf.square(tf.subtract(x as never, 1)), [x]);
    expect(Number(x.numpy().item())).toBeCloseTo(1, 3);
  });

  it("clipnorm / clipvalue / global_clipnorm", () => {
    const v = new tf.Variable(tf.constant([0, 0]));
    new K.optimizers.SGD({ learning_rate: 1, clipnorm: 1 }).apply_gradients([[tf.constant([3, 4]), v]]);
    close(v.numpy().data as Float32Array, [-0.6, -0.8], 1e-6);
    const w = new tf.Variable(tf.constant([0, 0]));
    new K.optimizers.SGD({ learning_rate: 1, clipvalue: 0.5 }).apply_gradients([[tf.constant([3, -0.25]), w]]);
    close(w.numpy().data as Float32Array, [-0.5, 0.25], 1e-6);
    const a = new tf.Variable(tf.constant([0])), b = new tf.Variable(tf.constant([0]));
    new K.optimizers.SGD({ learning_rate: 1, global_clipnorm: 1 }).apply_gradients([[tf.constant([3]), a], [tf.constant([4]), b]]);
    close([...(a.numpy().data as Float32Array), ...(b.numpy().data as Float32Array)], [-0.6, -0.8], 1e-6);
  });

  it("unknown option names say what was meant", () => {
    expect(() => new K.optimizers.Adam({ learningRate: 0.1 } as never)).toThrow(/did you mean 'learning_rate'/i);
    expect(() => K.optimizers.get("adamm")).toThrow(/Did you mean 'adam'/);
  });
});

describe("learning-rate schedules", () => {
  const s = fx.schedules;
  const S = K.optimizers.schedules;
  const check = (sched: { _at(step: number): number }, want: number[]) => close(s.steps.map((t: number) => sched._at(t)), want, 1e-12);
  it("ExponentialDecay", () => {
    check(new S.ExponentialDecay(0.1, 10, 0.5), s.ExponentialDecay);
    check(new S.ExponentialDecay({ initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.5, staircase: true }), s.ExponentialDecay_staircase);
  });
  it("PiecewiseConstantDecay", () => check(new S.PiecewiseConstantDecay([5, 20], [1.0, 0.5, 0.1]), s.PiecewiseConstantDecay));
  it("PolynomialDecay", () => check(new S.PolynomialDecay({ initial_learning_rate: 0.1, decay_steps: 20, end_learning_rate: 0.01, power: 2 }), s.PolynomialDecay));
  it("InverseTimeDecay", () => check(new S.InverseTimeDecay(0.1, 10, 0.5), s.InverseTimeDecay));
  it("CosineDecay", () => check(new S.CosineDecay({ initial_learning_rate: 0.1, decay_steps: 20, alpha: 0.1 }), s.CosineDecay));
  it("a schedule drives the optimizer step by step", () => {
    const opt = new K.optimizers.SGD({ learning_rate: new S.PiecewiseConstantDecay([1], [1.0, 0.1]) });
    const v = new tf.Variable(tf.constant([0]));
    for (let i = 0; i < 3; i++) opt.apply_gradients([[tf.constant([1]), v]]);
    // steps 0 and 1 use 1.0, step 2 uses 0.1
    close(v.numpy().data as Float32Array, [-2.1], 1e-6);
    expect(String((new S.ExponentialDecay(0.1, 10, 0.5))(10))).toBe("tf.Tensor(0.05, shape=(), dtype=float32)");
  });
  it("PiecewiseConstantDecay checks its lengths", () => {
    expect(() => new S.PiecewiseConstantDecay([1, 2], [1])).toThrow(/1 less than/);
  });
});

describe("optimizers inside tf.function", () => {
  // A traced train step must follow the step count (bias correction, decay) on every call and
  // create lazily made slots (Adagrad's accumulator) eagerly while tracing.
  const run = (name: string, useFn: boolean, opts: Record<string, unknown>) => {
    const W = new tf.Variable(tf.constant([1.0, 2.0]));
    const opt = new (tf.keras.optimizers as any)[name]({ learning_rate: 0.1, ...opts });
    if (opts && "learning_rate" in opts) expect(opt.learning_rate).toBe((opts as { learning_rate: unknown }).learning_rate);
    const step = (x: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduce_sum(tf.square(tf.multiply(W, x))));
      const g = tape.gradient(loss, [W]);
      opt.apply_gradients([[g[0], W]]);
    };
    const f = useFn ? tf.function(step) : step;
    for (let i = 0; i < 4; i++) f(tf.constant([1.0, 3.0]));
    return { w: Array.from(W.numpy().data as Float32Array), it: Number(opt.iterations.numpy().item()) };
  };
  for (const [name, opts] of [["Nadam", {}], ["Adam", { learning_rate: new tf.keras.optimizers.schedules.ExponentialDecay(0.1, 1, 0.5) }], ["SGD", { learning_rate: new tf.keras.optimizers.schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.05, 0.01]) }], ["Adam", {}], ["Adam", { amsgrad: true }], ["Adagrad", {}], ["Adamax", {}], ["SGD", { decay: 0.5 }], ["Ftrl", { decay: 0.5 }], ["RMSprop", {}]] as const) {
    it(`${name} ${"learning_rate" in opts ? (opts.learning_rate as object).constructor.name : JSON.stringify(opts)} matches eager after 4 traced steps`, () => {
      const eager = run(name, false, opts), traced = run(name, true, opts);
      expect(traced.it).toBe(4);
      expect(eager.it).toBe(4);
      traced.w.forEach((x, i) => expect(x).toBeCloseTo(eager.w[i], 5));
    });
  }
  it("Adam's step-4 values in a tf.function (bias correction advances)", () => {
    // float64 reference of Keras's Adam update (lr 0.1, eps 1e-7), 4 steps of d/dw sum((w x)^2).
    const { w } = run("Adam", true, {});
    expect(w[0]).toBeCloseTo(0.6039395, 5);
    expect(w[1]).toBeCloseTo(1.6015049, 5);
  });
});
