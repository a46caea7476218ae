// Optimizer updates overwrite a variable's storage only when nothing else can see it
// (Variable._writableInPlace): values must be the same as the replacing path, and any tensor or
// array a user obtained earlier must keep its value.
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
const storage = (v: tf.Variable) => (v as any)._value._handle as Float32Array;

describe("in-place optimizer updates", () => {
  const { var0, grads, cases } = fx.optimizers;
  for (const name of ["Adam", "Adam_lr0.1", "SGD", "SGD_momentum", "SGD_nesterov"]) {
    const c = cases[name];
    if (!c) continue;
    it(`${name}: three steps in tidy scopes (in place from step 2) end on numpy's trajectory`, () => {
      const opt = new (K.optimizers as any)[c.class](c.args);
      const v = new tf.Variable(tf.constant(var0, tf.float32));
      const arrays: Float32Array[] = [];
      c.trajectory.forEach((_: number[], t: number) => {
        tf.tidy(() => opt.apply_gradients([[tf.constant(grads[t], tf.float32), v]]));
        arrays.push(storage(v));
      });
      // Step 1 replaces the initial storage (it came from the caller); steps 2 and 3 overwrite it.
      expect(arrays[1]).toBe(arrays[2]);
      expect(arrays[0]).toBe(arrays[1]);
      close(v.numpy().data as Float32Array, c.trajectory[c.trajectory.length - 1], 2e-6);
    });
  }

  it("a read that is still alive keeps its value (the update replaces the storage instead)", () => {
    const opt = new K.optimizers.Adam({ learning_rate: 0.1 });
    const v = new tf.Variable(tf.constant([1, 2, 3], tf.float32));
    tf.tidy(() => opt.apply_gradients([[tf.constant([1, 1, 1], tf.float32), v]])); // now owned
    const before = storage(v);
    const read = v.read_value(); // a live view
    const snapshot = Array.from(read.dataSync() as Float32Array);
    tf.tidy(() => opt.apply_gradients([[tf.constant([1, 1, 1], tf.float32), v]]));
    expect(Array.from(read.dataSync() as Float32Array)).toEqual(snapshot);
    expect(storage(v)).not.toBe(before);
    read.dispose();
    // Its array was handed out (dataSync), so the next update still replaces the storage; from
    // then on, with the read disposed, updates are in place again.
    tf.tidy(() => opt.apply_gradients([[tf.constant([1, 1, 1], tf.float32), v]]));
    const owned = storage(v);
    tf.tidy(() => opt.apply_gradients([[tf.constant([1, 1, 1], tf.float32), v]]));
    expect(storage(v)).toBe(owned);
  });

  it("a reshaped read, and an array taken from a read, keep their values after the read is disposed", () => {
    const opt = new K.optimizers.SGD({ learning_rate: 0.5 });
    const v = new tf.Variable(tf.constant([1, 2, 3, 4], tf.float32));
    const step = () => tf.tidy(() => opt.apply_gradients([[tf.constant([1, 1, 1, 1], tf.float32), v]]));
    step(); // storage now the variable's own
    const r = v.read_value();
    const flat = tf.reshape(r, [2, 2]); // the same array: counted as a read too
    r.dispose();
    step();
    expect(flat.numpy().tolist()).toEqual([[0.5, 1.5], [2.5, 3.5]]);
    flat.dispose();
    const r2 = v.read_value();
    const arr = r2.dataSync() as Float32Array; // the storage itself on cpu-like backends
    r2.dispose();
    step(); step();
    expect(Array.from(arr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(v.numpy().data as Float32Array)).toEqual([-1, 0, 1, 2]);
  });

  it("a read dropped without dispose() keeps counting (updates replace the storage, never overwrite it)", () => {
    const opt = new K.optimizers.SGD({ learning_rate: 0.5 });
    const v = new tf.Variable(tf.constant([1, 2, 3, 4], tf.float32));
    tf.tidy(() => opt.apply_gradients([[tf.constant([1, 1, 1, 1], tf.float32), v]]));
    (() => { v.value(); })(); // a read nobody disposes
    expect((v as any)._views).toBe(1);
    expect((v as any)._writableInPlace()).toBe(false);
  });

  it("arrays from numpy()/dataSync() and the caller's initial tensor keep their values", () => {
    const init = tf.constant([0.5, -0.5], tf.float32);
    const v = new tf.Variable(init);
    const opt = new K.optimizers.SGD({ learning_rate: 0.5, momentum: 0.9 });
    const step = () => tf.tidy(() => opt.apply_gradients([[tf.constant([1, 1], tf.float32), v]]));
    step();
    const np = v.numpy();
    const ds = v.dataSync() as Float32Array;
    const npVals = Array.from(np.data as Float32Array), dsVals = Array.from(ds);
    step(); step();
    expect(Array.from(np.data as Float32Array)).toEqual(npVals);
    expect(Array.from(ds)).toEqual(dsVals);
    expect(Array.from(init.dataSync() as Float32Array)).toEqual([0.5, -0.5]);
  });

  it("model.fit updates the Dense kernel in place and matches a run that holds every read", async () => {
    const data = tf.random.stateless_uniform([64, 6], [1, 2]);
    const labels = tf.cast(tf.random.stateless_uniform([64], [3, 4], { maxval: 3, dtype: tf.int32 }), tf.int32);
    const build = () => {
      tf.keras.utils.set_random_seed(7);
      const m = new K.Sequential([new K.layers.Dense(5, { activation: "relu" }), new K.layers.Dense(3)]);
      m.compile({ optimizer: new K.optimizers.Adam({ learning_rate: 0.01 }), loss: new K.losses.SparseCategoricalCrossentropy({ from_logits: true }) });
      return m;
    };
    const a = build();
    await a.fit(data, labels, { epochs: 1, batch_size: 16, shuffle: false, verbose: 0 });
    const kernel = (a.layers[0] as any).kernel as tf.Variable;
    const arr = storage(kernel);
    await a.fit(data, labels, { epochs: 1, batch_size: 16, shuffle: false, verbose: 0 });
    expect(storage(kernel)).toBe(arr); // 4 more steps, same array

    // Reference: the same training with a live read of every weight held across each step
    // (so nothing may be overwritten): identical values, to the bit.
    const b = build();
    const held: tf.Tensor[] = [];
    const hold = new K.callbacks.LambdaCallback({ on_train_batch_begin: () => { for (const w of b.trainable_weights) held.push((w as tf.Variable).read_value()); } });
    await b.fit(data, labels, { epochs: 2, batch_size: 16, shuffle: false, verbose: 0, callbacks: [hold] });
    for (let i = 0; i < a.trainable_weights.length; i++) {
      expect(Array.from((a.trainable_weights[i] as tf.Variable).numpy().data as Float32Array))
        .toEqual(Array.from((b.trainable_weights[i] as tf.Variable).numpy().data as Float32Array));
    }
    expect(held.length).toBe(8 * 4);
  });
});

describe("gradient arrays reused across training steps (core/engine/spare.ts)", () => {
  it("fit on large Dense kernels equals a hand-written GradientTape loop, to the bit", async () => {
    const x = tf.random.stateless_uniform([48, 300], [5, 6]);
    const y = tf.cast(tf.random.stateless_uniform([48], [7, 8], { maxval: 4, dtype: tf.int32 }), tf.int32);
    const build = () => {
      tf.keras.utils.set_random_seed(11);
      const m = new K.Sequential([new K.layers.Dense(300, { activation: "relu" }), new K.layers.Dense(4)]); // kernel 90,000 floats
      m.compile({ optimizer: new K.optimizers.Adam({ learning_rate: 0.003 }), loss: new K.losses.SparseCategoricalCrossentropy({ from_logits: true }) });
      return m;
    };
    const a = build();
    await a.fit(x, y, { epochs: 3, batch_size: 16, shuffle: false, verbose: 0 });
    const b = build();
    b.build([null, 300]);
    const loss = new K.losses.SparseCategoricalCrossentropy({ from_logits: true });
    for (let e = 0; e < 3; e++) {
      for (let i = 0; i < 48; i += 16) {
        const xb = tf.slice(x, [i, 0], [16, 300]), yb = tf.slice(y, [i], [16]);
        const tape = new tf.GradientTape();
        let l!: tf.Tensor;
        tape.record(() => { l = tf.reduce_mean(loss.call(yb, b.call(xb, true) as tf.Tensor) as tf.Tensor); return l; });
        const vars = b.trainable_weights as tf.Variable[];
        const g = tape.gradient(l, vars) as tf.Tensor[];
        b.optimizer!.apply_gradients(g.map((gi, j) => [gi, vars[j]] as [tf.Tensor, tf.Variable]));
      }
    }
    for (let i = 0; i < a.trainable_weights.length; i++) {
      const wa = (a.trainable_weights[i] as tf.Variable).numpy().data as Float32Array;
      const wb = (b.trainable_weights[i] as tf.Variable).numpy().data as Float32Array;
      let differ = 0;
      for (let j = 0; j < wa.length; j++) if (!Object.is(wa[j], wb[j])) differ++;
      expect(differ).toBe(0);
    }
  });

  it("a takeSpare array goes back to the pool when its last tensor is disposed, never once it escaped", async () => {
    const { takeSpare, clearSpare, isSpareCounted, SPARE_MIN } = await import("../../core/engine/spare");
    clearSpare();
    const outer = () => tf.matmul(tf.ones([256, 1]), tf.ones([1, 256])); // 65,536 floats: MatMul takes a spare array (native, wasm)
    const y = outer(), arr = y._handle as Float32Array;
    if (!isSpareCounted(arr)) { expect(tf.config.get_backend()).toBe("cpu"); return; } // cpu's MatMul allocates its own
    const r = tf.reshape(y, [65536]); // the same array: two tensors on it
    y.dispose();
    expect(outer()._handle).not.toBe(arr); // r still uses it
    r.dispose();
    expect(isSpareCounted(arr)).toBe(false);
    const again = outer();
    expect(again._handle).toBe(arr); // recycled
    expect((again.dataSync() as Float32Array)[123]).toBe(1); // and fully overwritten
    // dataSync handed the array out: disposing no longer recycles it.
    again.dispose();
    expect(takeSpare(SPARE_MIN)).not.toBe(arr);
    // A plain array nobody took from the pool is never counted.
    expect(isSpareCounted(new Float32Array(SPARE_MIN))).toBe(false);
    clearSpare();
  });

  it("inside a step, wasm kernel outputs are counted resident blocks: freed when the last tensor on one is disposed, kept while anything can see it", async () => {
    const { beginSpareStep, endSpareStep } = await import("../../core/engine/spare");
    const { getBackend } = await import("../../core/engine/engine");
    const rt = (getBackend("wasm") as any).rt;
    if (!rt.counted) { expect(rt.variant).not.toBe("threads"); return; } // no threads variant here: ordinary arrays
    const heap = rt.resident;
    const x = tf.random.stateless_uniform([64, 512], [1, 2], { minval: -1, maxval: 1 });
    const relu = Array.from(x.dataSync() as Float32Array, (v) => Math.max(v, 0));
    beginSpareStep();
    try {
      const live0 = heap.live;
      const a = tf.nn.relu(x);
      expect(heap.isCounted(a._handle)).toBe(true);
      const b = tf.reshape(a, [512, 64]); // the same array: two tensors on it
      a.dispose();
      expect(heap.isCounted(b._handle)).toBe(true);
      expect(Array.from(b.dataSync() as Float32Array)).toEqual(relu); // dataSync: b's array escapes the counting
      expect(heap.isCounted(b._handle)).toBe(false);
      const c = tf.nn.relu(x), cArr = c._handle as Float32Array;
      expect(heap.isCounted(cArr)).toBe(true);
      c.dispose(); // the last tensor: the block is free again and the next output of its size takes it
      expect(heap.live).toBe(live0 + 4 * 64 * 512); // only b's (escaped) block is left
      const d = tf.negative(x);
      expect(d._handle).not.toBe(cArr);
      expect(rt.residentPtr(d._handle)).toBe(cArr.byteOffset);
      const kept = tf.tidy(() => tf.keep(tf.nn.relu(tf.multiply(x, 1))));
      for (let i = 0; i < 5; i++) tf.tidy(() => tf.negative(tf.nn.relu(x)));
      expect(Array.from(kept.dataSync() as Float32Array)).toEqual(relu);
      expect(Array.from(b.dataSync() as Float32Array)).toEqual(relu);
      b.dispose(); kept.dispose(); d.dispose();
    } finally {
      endSpareStep();
    }
    const outside = tf.nn.relu(x);
    expect(rt.residentPtr(outside._handle)).toBe(-1); // outside a step: ordinary arrays
  });

  it("a Keras fit frees its counted blocks every step: the resident region and its live bytes stay flat (validation, metrics and predict included)", async () => {
    const { getBackend } = await import("../../core/engine/engine");
    const rt = (getBackend("wasm") as any).rt;
    if (!rt.counted) { expect(rt.variant).not.toBe("threads"); return; }
    const heap = rt.resident;
    const x = tf.random.stateless_uniform([256, 1024], [3, 4]);
    const y = tf.cast(tf.random.stateless_uniform([256], [5, 6], { maxval: 10, dtype: tf.int32 }), tf.int32);
    tf.keras.utils.set_random_seed(3);
    const m = new K.Sequential([new K.layers.Dense(256, { activation: "relu" }), new K.layers.Dropout(0.2), new K.layers.Dense(10, { activation: "softmax" })]);
    m.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const fit = () => m.fit(x, y, { epochs: 2, batch_size: 32, verbose: 0, validation_split: 0.25 });
    await fit();
    const end = heap.end, live = heap.live;
    await fit();
    m.predict(x, { verbose: 0 });
    await fit();
    expect(heap.end).toBe(end); // nothing accumulated: every step reused the blocks the last one freed
    expect(heap.live).toBe(live); // only the variables' and slots' blocks stay
  });

  it("an array that became a variable's storage is never handed back", async () => {
    const { takeSpare, clearSpare, isSpareCounted, SPARE_MIN } = await import("../../core/engine/spare");
    clearSpare();
    const big = tf.matmul(tf.ones([256, 1]), tf.ones([1, 256])); // 65,536 floats: a spare MatMul output on native / wasm
    const v = new tf.Variable(tf.zeros([256, 256]));
    v.assign(big); // the variable's storage now views big's array
    expect(isSpareCounted(big._handle)).toBe(false); // adopted: escaped the counting
    const arr = big._handle;
    big.dispose();
    const next = takeSpare(SPARE_MIN);
    expect(next).not.toBe(arr);
    next.fill(7);
    expect((v.numpy().data as Float32Array)[0]).toBe(1);
    clearSpare();
  });
});
