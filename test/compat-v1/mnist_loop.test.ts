/**
 * EXAMPLES.md section 8: the lecture's TF1 loop (examples/tf1_mnist_loop.ts) on the offline MNIST
 * digits, through placeholders, get_variable, AdamOptimizer.minimize and an InteractiveSession.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as tf from "../../index";
import { main, loadData, randomize, get_next_batch } from "../../examples/tf1_mnist_loop";
import { NDArray } from "../../core/tensor/ndarray";

let data: Awaited<ReturnType<typeof loadData>>;
beforeAll(async () => { data = await loadData(); });
afterAll(() => { tf.compat.v1.enable_eager_execution(); });

const ITER = /^iter {3}0: \t Loss=(\d\.\d\d), \t Training Accuracy=(\d{1,3}\.\d)%$/;
const EPOCH = /^Epoch: 1, validation loss: (\d+\.\d\d), validation accuracy: (\d{1,3}\.\d)%$/;

describe("the lecture's TF1 training loop", () => {
  it("data: float32 images in [0, 1], one-hot labels", () => {
    expect(data.x_train.shape[1]).toBe(784);
    expect(data.y_train.shape[1]).toBe(10);
    expect(data.x_train.dtype.name).toBe("float32");
    const row = Array.from((data.y_train.data as Float32Array).subarray(0, 10));
    expect(row.filter((v) => v === 1).length).toBe(1);
    expect(Math.max(...(data.x_train.data as Float32Array).subarray(0, 784 * 10))).toBeLessThanOrEqual(1);
  });
  it("randomize permutes images and labels together; get_next_batch slices rows", () => {
    const x = new NDArray(new Float32Array([0, 0, 1, 1, 2, 2, 3, 3]), [4, 2], "float32");
    const y = new NDArray(new Float32Array([0, 1, 2, 3]), [4, 1], "float32");
    const [xs, ys] = randomize(x, y, 5);
    const xr = xs.tolist() as number[][], yr = ys.tolist() as number[][];
    expect(xr.map((r) => r[0]).sort()).toEqual([0, 1, 2, 3]);
    xr.forEach((r, i) => expect(r).toEqual([yr[i][0], yr[i][0]]));
    const [bx, by] = get_next_batch(xs, ys, 1, 3);
    expect(bx.shape).toEqual([2, 2]);
    expect(by.tolist()).toEqual(yr.slice(1, 3));
  });
  it("softmax regression (W, b zeros): the lecture's log lines; loss falls", async () => {
    const { lines, valid, sess } = await main({ model: "softmax", epochs: 1, log: () => {} }, data);
    sess.close();
    expect(lines[0]).toBe("Training epoch: 1");
    const m = ITER.exec(lines[1]);
    expect(m, lines[1]).not.toBeNull();
    // zero weights start at ln(10) = 2.30; the line is printed after the first Adam step
    expect(Number(m![1])).toBeGreaterThan(2.0);
    expect(Number(m![1])).toBeLessThanOrEqual(2.31);
    expect(lines.slice(-3, -2)).toEqual(["-----"]);
    expect(lines[lines.length - 2]).toMatch(EPOCH);
    expect(lines[lines.length - 1]).toBe("-----");
    expect(valid[0].loss).toBeLessThan(1.0);
    expect(valid[0].accuracy).toBeGreaterThan(0.8);
  });
  it("2-layer MLP: validation accuracy >= 0.90 after 1 epoch", async () => {
    const { lines, valid, sess } = await main({ model: "mlp", epochs: 1, batch_size: 20, display_freq: 100, log: () => {} }, data);
    sess.close();
    expect(lines.filter((l) => l.startsWith("iter ")).length).toBe(Math.ceil(Math.floor(data.y_train.shape[0] / 20) / 100));
    expect(lines[lines.length - 2]).toMatch(EPOCH);
    expect(valid[0].accuracy).toBeGreaterThanOrEqual(0.9);
    expect(Number(EPOCH.exec(lines[lines.length - 2])![2])).toBeCloseTo(valid[0].accuracy * 100, 1);
  });
});
