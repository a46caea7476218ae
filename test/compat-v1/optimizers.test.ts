import { describe, it, expect, beforeEach, afterAll } from "vitest";
import * as tf from "../../index";

const v1 = tf.compat.v1;
const train = v1.train;

beforeEach(() => {
  v1.enable_eager_execution();
  v1.reset_default_graph();
  v1.disable_eager_execution();
  tf.config.set_language("en");
});
afterAll(() => { v1.enable_eager_execution(); });

const W0 = [1.0, -2.0, 0.5];
const TARGET = [0.25, 0.5, -1.0];
/** loss = 0.5 * sum((w - target)^2): gradient w - target. */
const gradOf = (w: number[]) => w.map((x, i) => x - TARGET[i]);

/** Independent float64 references of TF1's update rules. */
type State = Record<string, number[]> & { w: number[] };
const ref: Record<string, (s: State, t: number, h: Record<string, number>) => void> = {
  gd(s, _t, h) { const g = gradOf(s.w); s.w = s.w.map((x, i) => x - h.lr * g[i]); },
  momentum(s, _t, h) {
    const g = gradOf(s.w);
    s.accum = s.accum.map((a, i) => a * h.momentum + g[i]);
    s.w = s.w.map((x, i) => (h.nesterov ? x - (g[i] * h.lr + s.accum[i] * h.momentum * h.lr) : x - h.lr * s.accum[i]));
  },
  adam(s, t, h) {
    const g = gradOf(s.w);
    const lrT = h.lr * Math.sqrt(1 - h.b2 ** t) / (1 - h.b1 ** t);
    s.m = s.m.map((m, i) => h.b1 * m + (1 - h.b1) * g[i]);
    s.v = s.v.map((v, i) => h.b2 * v + (1 - h.b2) * g[i] * g[i]);
    s.w = s.w.map((x, i) => x - lrT * s.m[i] / (Math.sqrt(s.v[i]) + h.eps));
  },
  rmsprop(s, _t, h) {
    const g = gradOf(s.w);
    s.ms = s.ms.map((m, i) => h.rho * m + (1 - h.rho) * g[i] * g[i]);
    if (h.centered) s.mg = s.mg.map((m, i) => h.rho * m + (1 - h.rho) * g[i]);
    const denom = s.ms.map((m, i) => (h.centered ? m - s.mg[i] ** 2 : m) + h.eps);
    s.mom = s.mom.map((m, i) => h.momentum * m + h.lr * g[i] / Math.sqrt(denom[i]));
    s.w = s.w.map((x, i) => x - s.mom[i]);
  },
  adagrad(s, _t, h) {
    const g = gradOf(s.w);
    s.acc = s.acc.map((a, i) => a + g[i] * g[i]);
    s.w = s.w.map((x, i) => x - h.lr * g[i] / Math.sqrt(s.acc[i]));
  },
  adadelta(s, _t, h) {
    const g = gradOf(s.w);
    s.acc = s.acc.map((a, i) => h.rho * a + (1 - h.rho) * g[i] * g[i]);
    const upd = g.map((gi, i) => Math.sqrt(s.accu[i] + h.eps) / Math.sqrt(s.acc[i] + h.eps) * gi);
    s.accu = s.accu.map((a, i) => h.rho * a + (1 - h.rho) * upd[i] * upd[i]);
    s.w = s.w.map((x, i) => x - h.lr * upd[i]);
  },
};

interface Case {
  name: string;
  rule: keyof typeof ref;
  h: Record<string, number>;
  make(): InstanceType<typeof train.Optimizer>;
  init: Record<string, number[]>;
  slots: Record<string, string>; // state key -> slot name
  slotVars: string[];
}
const z = [0, 0, 0];
const CASES: Case[] = [
  { name: "GradientDescent", rule: "gd", h: { lr: 0.1 }, make: () => new train.GradientDescentOptimizer(0.1), init: {}, slots: {}, slotVars: [] },
  { name: "Momentum", rule: "momentum", h: { lr: 0.1, momentum: 0.9 }, make: () => new train.MomentumOptimizer(0.1, 0.9), init: { accum: z }, slots: { accum: "momentum" }, slotVars: ["W/Momentum:0"] },
  {
    name: "Momentum (nesterov)", rule: "momentum", h: { lr: 0.05, momentum: 0.8, nesterov: 1 },
    make: () => new train.MomentumOptimizer({ learning_rate: 0.05, momentum: 0.8, use_nesterov: true }), init: { accum: z }, slots: { accum: "momentum" }, slotVars: ["W/Momentum:0"],
  },
  {
    name: "Adam", rule: "adam", h: { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8 }, make: () => new train.AdamOptimizer(0.1),
    init: { m: z, v: z }, slots: { m: "m", v: "v" }, slotVars: ["W/Adam:0", "W/Adam_1:0"],
  },
  {
    name: "Adam (custom betas, large epsilon)", rule: "adam", h: { lr: 0.02, b1: 0.5, b2: 0.9, eps: 0.1 },
    make: () => new train.AdamOptimizer({ learning_rate: 0.02, beta1: 0.5, beta2: 0.9, epsilon: 0.1 }),
    init: { m: z, v: z }, slots: { m: "m", v: "v" }, slotVars: ["W/Adam:0", "W/Adam_1:0"],
  },
  {
    name: "RMSProp", rule: "rmsprop", h: { lr: 0.01, rho: 0.9, momentum: 0.0, eps: 1e-10 }, make: () => new train.RMSPropOptimizer(0.01),
    init: { ms: [1, 1, 1], mom: z }, slots: { ms: "rms", mom: "momentum" }, slotVars: ["W/RMSProp:0", "W/RMSProp_1:0"],
  },
  {
    name: "RMSProp (centered, momentum)", rule: "rmsprop", h: { lr: 0.01, rho: 0.8, momentum: 0.5, eps: 1e-6, centered: 1 },
    make: () => new train.RMSPropOptimizer(0.01, 0.8, 0.5, 1e-6, false, true), init: { ms: [1, 1, 1], mom: z, mg: z },
    slots: { ms: "rms", mom: "momentum", mg: "mg" }, slotVars: ["W/RMSProp:0", "W/RMSProp_1:0", "W/RMSProp_2:0"],
  },
  {
    name: "Adagrad", rule: "adagrad", h: { lr: 0.3 }, make: () => new train.AdagradOptimizer(0.3),
    init: { acc: [0.1, 0.1, 0.1] }, slots: { acc: "accumulator" }, slotVars: ["W/Adagrad:0"],
  },
  {
    name: "Adadelta", rule: "adadelta", h: { lr: 1.0, rho: 0.95, eps: 1e-6 }, make: () => new train.AdadeltaOptimizer(1.0, 0.95, 1e-6),
    init: { acc: z, accu: z }, slots: { acc: "accum", accu: "accum_update" }, slotVars: ["W/Adadelta:0", "W/Adadelta_1:0"],
  },
];

function reference(c: Case, steps: number): State[] {
  const s: State = { w: [...W0], ...Object.fromEntries(Object.entries(c.init).map(([k, v]) => [k, [...v]])) } as State;
  const out: State[] = [];
  for (let t = 1; t <= steps; t++) { ref[c.rule](s, t, c.h); out.push(JSON.parse(JSON.stringify(s))); }
  return out;
}

function close(got: number[], want: number[], tol = 2e-6): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]))));
}

describe("TF1 update rules, step by step (graph mode, Session.run)", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const W = v1.get_variable("W", { initializer: W0 });
      const t = tf.constant(TARGET);
      const loss = tf.multiply(0.5, tf.reduce_sum(tf.square(tf.subtract(W, t))));
      const opt = c.make();
      const step = opt.minimize(loss);
      expect(v1.global_variables().map((v) => v.name).filter((n) => n.startsWith("W/"))).toEqual(c.slotVars);
      expect(opt.get_slot_names()).toEqual(Object.values(c.slots).sort());
      const sess = new v1.Session();
      sess.run(v1.global_variables_initializer());
      const want = reference(c, 3);
      for (let k = 0; k < 3; k++) {
        sess.run(step);
        close(Array.from(sess.run(W).data as Float32Array), want[k].w);
        for (const [key, slot] of Object.entries(c.slots)) close(Array.from(sess.run(opt.get_slot(W, slot)!).data as Float32Array), want[k][key]);
      }
    });
  }
  it("hand-computed first steps: GD w - 0.1 g; Adam moves each weight by lr * sign(g)", () => {
    const W = v1.get_variable("W", { initializer: [1, 2] });
    const loss = tf.multiply(0.5, tf.reduce_sum(tf.square(W)));
    const gd = new train.GradientDescentOptimizer(0.1).minimize(loss);
    const sess = new v1.Session();
    sess.run(v1.global_variables_initializer());
    sess.run(gd);
    close(Array.from(sess.run(W).data as Float32Array), [0.9, 1.8]);
    v1.reset_default_graph();
    const W2 = v1.get_variable("W", { initializer: [1, 2] });
    const adam = new train.AdamOptimizer(0.1);
    const step = adam.minimize(tf.multiply(0.5, tf.reduce_sum(tf.square(W2))));
    const s2 = new v1.Session();
    s2.run(v1.global_variables_initializer());
    s2.run(step);
    close(Array.from(s2.run(W2).data as Float32Array), [0.9, 1.9]);
    const [b1p, b2p] = adam._get_beta_accumulators();
    expect(b1p.name).toBe("beta1_power:0");
    close([s2.run(b1p).item(), s2.run(b2p).item()], [0.81, 0.998001]);
  });
});

describe("eager mode: minimize takes a callable", () => {
  for (const c of CASES) {
    it(c.name, () => {
      v1.enable_eager_execution();
      const W = new tf.Variable(W0, { name: "W" });
      const t = tf.constant(TARGET);
      const opt = c.make();
      const want = reference(c, 3);
      for (let k = 0; k < 3; k++) {
        expect(opt.minimize(() => tf.multiply(0.5, tf.reduce_sum(tf.square(tf.subtract(W, t)))))).toBeNull();
        close(Array.from(W.numpy().data as Float32Array), want[k].w);
      }
    });
  }
  it("a tensor loss is TF's error", () => {
    v1.enable_eager_execution();
    const W = new tf.Variable([1.0]);
    expect(() => new train.GradientDescentOptimizer(0.1).minimize(tf.square(W) as never))
      .toThrow(/^`loss` passed to Optimizer.compute_gradients should be a function when eager execution is enabled\./);
  });
});

describe("minimize options, global step, schedules, compute/apply", () => {
  it("global_step counts runs; var_list limits what is trained", () => {
    const a = v1.get_variable("a", { initializer: [1.0] });
    const b = v1.get_variable("b", { initializer: [1.0] });
    const gs = train.get_or_create_global_step();
    expect(gs.name).toBe("global_step:0");
    expect(gs.dtype).toBe(tf.int64);
    expect(train.get_or_create_global_step()).toBe(gs);
    expect(train.get_global_step()).toBe(gs);
    const loss = tf.add(tf.reduce_sum(tf.square(a)), tf.reduce_sum(tf.square(b)));
    const step = new train.GradientDescentOptimizer(0.25).minimize(loss, { global_step: gs, var_list: [a] });
    const sess = new v1.Session();
    sess.run(v1.global_variables_initializer());
    for (let i = 0; i < 3; i++) sess.run(step);
    expect(train.global_step(sess, gs)).toBe(3);
    expect(sess.run(a).tolist()).toEqual([0.125]); // a * (1 - 2 * 0.25) ^ 3
    expect(sess.run(b).tolist()).toEqual([1]);
  });
  it("exponential_decay drives the learning rate from the global step", () => {
    const gs = train.get_or_create_global_step();
    const lr = train.exponential_decay(0.1, gs, 2, 0.5);
    const lrStair = train.exponential_decay(0.1, gs, 2, 0.5, true);
    const W = v1.get_variable("W", { initializer: [0.0] });
    const loss = tf.reduce_sum(tf.multiply(W, -1)); // gradient -1: each step adds lr
    const step = new train.GradientDescentOptimizer(lr).minimize(loss, { global_step: gs });
    const sess = new v1.Session();
    sess.run(v1.global_variables_initializer());
    const seen: number[] = [], stairs: number[] = [];
    for (let i = 0; i < 4; i++) { seen.push(sess.run(lr).item()); stairs.push(sess.run(lrStair).item()); sess.run(step); }
    close(seen, [0.1, 0.1 * 0.5 ** 0.5, 0.05, 0.1 * 0.5 ** 1.5]);
    close(stairs, [0.1, 0.1, 0.05, 0.05]);
    close([sess.run(W).item()], [seen.reduce((x, y) => x + y, 0)]);
    expect(() => train.exponential_decay(0.1, null, 2, 0.5)).toThrow("global_step is required for exponential_decay.");
    v1.enable_eager_execution();
    const egs = new tf.Variable(4, { dtype: tf.int64 });
    const f = train.exponential_decay(1.0, egs, 2, 0.5) as () => tf.Tensor;
    expect(typeof f).toBe("function");
    close([f().numpy().item()], [0.25]);
  });
  it("compute_gradients then apply_gradients (e.g. clipped)", () => {
    const W = v1.get_variable("W", { initializer: [3.0, -4.0] });
    const loss = tf.reduce_sum(tf.square(W));
    const opt = new train.GradientDescentOptimizer(0.5);
    const gv = opt.compute_gradients(loss);
    expect(gv.length).toBe(1);
    expect(gv[0][1]).toBe(W);
    const clipped = gv.map(([g, v]) => [tf.clip_by_value(g!, -1, 1), v] as const);
    const step = opt.apply_gradients(clipped);
    const sess = new v1.Session();
    sess.run(v1.global_variables_initializer());
    expect(sess.run(gv[0][0]!).tolist()).toEqual([6, -8]);
    sess.run(step);
    expect(sess.run(W).tolist()).toEqual([2.5, -3.5]);
  });
  it("errors: no gradients, integer loss, missing arguments, unknown options", () => {
    const W = v1.get_variable("W", { initializer: [1.0] });
    const V = v1.get_variable("V", { initializer: [1.0] });
    const loss = tf.reduce_sum(tf.square(W));
    expect(() => new train.GradientDescentOptimizer(0.1).minimize(loss, { var_list: [V] }))
      .toThrow(/^No gradients provided for any variable, check your graph for ops that do not support gradients, between variables \["<tf.Variable 'V:0' shape=\(1,\) dtype=float32>"\] and loss Tensor\("Sum:0"/);
    expect(() => new train.GradientDescentOptimizer(0.1).minimize(tf.constant(3, tf.int32)))
      .toThrow(/^Invalid type tf.int32 for Const, expected: \[tf.float16, tf.bfloat16, tf.float32, tf.float64\]/);
    expect(() => new train.MomentumOptimizer(0.1)).toThrow(/missing 1 required positional argument: 'momentum'/);
    expect(() => new train.AdamOptimizer({ learning_rte: 0.1 } as never)).toThrow(/unexpected keyword argument 'learning_rte'.*Did you mean 'learning_rate'/);
    expect(() => new train.GradientDescentOptimizer(0.1).minimize(loss, { var_lst: [W] } as never)).toThrow(/Did you mean 'var_list'/);
    expect(() => new train.AdagradOptimizer(0.1, 0)).toThrow("initial_accumulator_value must be positive: 0");
  });
});

describe("the same model through Session.run and through eager GradientTape", () => {
  // A 2-layer network with fixed initial values (a seeded JS generator), trained 10 steps on one batch.
  function rng(seed: number) { let s = seed; return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; }; }
  const r = rng(7);
  const X = Array.from({ length: 8 }, () => Array.from({ length: 5 }, () => r() * 2));
  const Y = Array.from({ length: 8 }, (_, i) => Array.from({ length: 3 }, (_, k) => (k === i % 3 ? 1 : 0)));
  const W1 = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => r()));
  const B1 = Array.from({ length: 4 }, () => r() * 0.1);
  const W2 = Array.from({ length: 4 }, () => Array.from({ length: 3 }, () => r()));
  const B2 = Array.from({ length: 3 }, () => r() * 0.1);
  const model = (x: tf.Tensor, p: { w1: unknown; b1: unknown; w2: unknown; b2: unknown }) => {
    const h = tf.nn.relu(tf.add(tf.matmul(x, p.w1 as tf.Tensor), p.b1 as tf.Tensor));
    return tf.add(tf.matmul(h, p.w2 as tf.Tensor), p.b2 as tf.Tensor);
  };
  const lossOf = (y: tf.Tensor, logits: tf.Tensor) => tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels: y, logits }));

  for (const [label, make] of [
    ["Adam", () => new train.AdamOptimizer(0.05)],
    ["Momentum", () => new train.MomentumOptimizer(0.1, 0.9)],
    ["RMSProp", () => new train.RMSPropOptimizer(0.01, 0.9, 0.5)],
  ] as const) {
    it(`${label}: equal weights after 10 steps (1e-5)`, () => {
      // Graph: placeholders, get_variable, minimize, Session.run.
      const x = v1.placeholder(tf.float32, [null, 5]);
      const y = v1.placeholder(tf.float32, [null, 3]);
      const p = {
        w1: v1.get_variable("w1", { initializer: v1.constant_initializer(W1.flat()), shape: [5, 4] }),
        b1: v1.get_variable("b1", { initializer: v1.constant_initializer(B1), shape: [4] }),
        w2: v1.get_variable("w2", { initializer: v1.constant_initializer(W2.flat()), shape: [4, 3] }),
        b2: v1.get_variable("b2", { initializer: v1.constant_initializer(B2), shape: [3] }),
      };
      const loss = lossOf(y, model(x, p));
      const step = make().minimize(loss);
      const sess = new v1.Session();
      sess.run(v1.global_variables_initializer());
      const graphLosses: number[] = [];
      for (let i = 0; i < 10; i++) {
        graphLosses.push(sess.run(loss, { feed_dict: [[x, X], [y, Y]] }).item());
        sess.run(step, { feed_dict: [[x, X], [y, Y]] });
      }
      const graphW = [p.w1, p.b1, p.w2, p.b2].map((v) => Array.from(sess.run(v).data as Float32Array));

      // Eager: tf.Variable, GradientTape, apply_gradients.
      v1.enable_eager_execution();
      const q = { w1: new tf.Variable(W1), b1: new tf.Variable(B1), w2: new tf.Variable(W2), b2: new tf.Variable(B2) };
      const vars = [q.w1, q.b1, q.w2, q.b2];
      const opt = make();
      const xe = tf.constant(X), ye = tf.constant(Y);
      const eagerLosses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const tape = new tf.GradientTape();
        const l = tape.record(() => lossOf(ye, model(xe, q)));
        eagerLosses.push(l.numpy().item());
        const grads = tape.gradient(l, vars) as tf.Tensor[];
        opt.apply_gradients(grads.map((g, k) => [g, vars[k]] as const));
      }
      const eagerW = vars.map((v) => Array.from(v.numpy().data as Float32Array));
      close(eagerLosses, graphLosses, 1e-5);
      expect(graphLosses[9]).toBeLessThan(graphLosses[0]);
      graphW.forEach((w, k) => close(eagerW[k], w, 1e-5));
    });
  }
});
