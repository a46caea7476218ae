/**
 * Memory: tf.memory() counts, tf.tidy/keep/dispose, and long training loops with no manual
 * freeing. cpu storage is garbage-collected; counts of tensors the program simply drops are
 * settled when V8's (major) garbage collector has run and the event loop has turned. The long-loop
 * tests therefore yield like an async training loop does and trigger the collector V8 would run
 * on its own, so that they check what matters: the library itself keeps nothing alive.
 */
import { describe, it, expect } from "vitest";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import * as tf from "../../index";

type T = tf.Tensor;
v8.setFlagsFromString("--expose_gc");
const gc = vm.runInNewContext("gc") as () => void;
const settle = async () => {
  await new Promise((r) => setTimeout(r, 0));
  gc();
  await new Promise((r) => setTimeout(r, 0));
};

function model(seed: number) {
  const x = tf.random.normal([32, 20], { seed }), y = tf.random.normal([32, 10], { seed: seed + 1 });
  const W1 = new tf.Variable(tf.random.normal([20, 64], { seed: seed + 2, stddev: 0.1 })), b1 = new tf.Variable(tf.zeros([64]));
  const W2 = new tf.Variable(tf.random.normal([64, 10], { seed: seed + 3, stddev: 0.1 })), b2 = new tf.Variable(tf.zeros([10]));
  const vars = [W1, b1, W2, b2];
  const step = (): T => {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const h = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
      return tf.reduce_mean(tf.square(tf.subtract(tf.add(tf.matmul(h, W2), b2), y)));
    });
    const grads = tape.gradient(loss, vars) as T[];
    vars.forEach((v, i) => v.assign_sub(tf.multiply(grads[i], 0.05)));
    return loss;
  };
  return { step, vars };
}

describe("tf.memory, tf.tidy, tf.keep, tf.dispose", () => {
  it("counts tensors and bytes; dispose and tidy subtract at once", () => {
    const m0 = tf.memory();
    const a = tf.zeros([10, 10]);
    const m1 = tf.memory();
    expect(m1.numTensors - m0.numTensors).toBe(1);
    expect(m1.numBytes - m0.numBytes).toBe(400);
    a.dispose();
    expect(tf.memory().numTensors).toBe(m0.numTensors);
    expect(() => a.numpy()).toThrow(/disposed/);
    const kept = tf.tidy(() => {
      const b = tf.ones([4]);
      const c = tf.keep(tf.add(b, 1));
      const d = tf.multiply(c, 2);
      return { d, list: [tf.square(d)] };
    });
    expect(tf.memory().numTensors - m0.numTensors).toBe(3); // c (kept), d, square(d)
    expect(Array.from(kept.list[0].dataSync() as ArrayLike<number>)).toEqual([16, 16, 16, 16]);
    tf.dispose(kept);
    expect(tf.memory().numTensors - m0.numTensors).toBe(1); // the kept c
  });

  it("nested tidy hands returned tensors to the outer scope; variables keep their storage", () => {
    const v = new tf.Variable([1.0, 2.0]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const inner = tf.tidy(() => tf.add(tf.ones([2]), 1));
      v.assign(tf.multiply(inner, 3));
      v.assign_add(tf.ones([2]));
    });
    expect(Array.from(v.numpy().data as ArrayLike<number>)).toEqual([7, 7]);
    expect(tf.memory().numTensors - before).toBe(0); // old value replaced, new one counted: net zero
    expect(() => tf.tidy(async () => 1)).toThrow(/Cannot return a Promise inside of tidy/);
  });

  it("10,000 training steps inside tf.tidy: the count stays exactly flat (synchronous, no GC involved)", () => {
    const { step } = model(1);
    tf.tidy(() => { step(); });
    const base = tf.memory().numTensors;
    let first = 0, last = 0;
    for (let i = 0; i < 10000; i++) {
      const l = tf.tidy(() => step().numpy().item() as number);
      if (i === 0) first = l;
      last = l;
      if (i % 1000 === 999) expect(tf.memory().numTensors).toBe(base);
    }
    expect(last).toBeLessThan(first / 10);
  });

  it("10,000 eager GradientTape steps with no freeing at all: numTensors <= 200 and RSS growth < 150 MB", async () => {
    const { step } = model(2);
    await settle();
    const rss0 = process.memoryUsage().rss;
    const base = tf.memory().numTensors;
    let maxCount = 0, maxRss = 0, loss = 0;
    for (let i = 0; i < 10000; i++) {
      loss = step().numpy().item() as number;
      if (i % 1000 === 999) {
        await settle();
        maxCount = Math.max(maxCount, tf.memory().numTensors - base);
        maxRss = Math.max(maxRss, process.memoryUsage().rss - rss0);
      }
    }
    expect(loss).toBeLessThan(0.05);
    // Live per step: 4 variable values plus a few pinned cohorts; the bound allows GC timing slack.
    expect(maxCount).toBeLessThanOrEqual(200);
    expect(maxRss).toBeLessThan(150e6);
  });

  it("10,000 steps in one synchronous loop: memory is reclaimed during the loop (RSS growth < 150 MB), counts settle after", async () => {
    const { step } = model(3);
    await settle();
    const rss0 = process.memoryUsage().rss;
    const base = tf.memory().numTensors;
    let maxRss = 0;
    for (let i = 0; i < 10000; i++) {
      step();
      if (i % 500 === 0) maxRss = Math.max(maxRss, process.memoryUsage().rss - rss0);
    }
    expect(maxRss).toBeLessThan(150e6);
    await settle();
    expect(tf.memory().numTensors - base).toBeLessThanOrEqual(200);
  });
});
