/**
 * Readers for the files Keras caches datasets in: numpy `.npy` / `.npz` (zip, via fflate) and the
 * IDX format of the original MNIST distribution (optionally gzipped). Hostile or truncated files
 * raise a clear error instead of producing garbage.
 */
import { unzipSync, gunzipSync } from "fflate";
import { NDArray } from "../../core/tensor/ndarray";
import type { DTypeName } from "../../core/tensor/dtypes";
import { InvalidArgumentError, msg } from "../../core/errors";

const NPY_DTYPES: Record<string, { dtype: DTypeName; bytes: number }> = {
  "|u1": { dtype: "uint8", bytes: 1 }, "<u1": { dtype: "uint8", bytes: 1 },
  "|i1": { dtype: "int8", bytes: 1 }, "<i2": { dtype: "int16", bytes: 2 },
  "<i4": { dtype: "int32", bytes: 4 }, "<i8": { dtype: "int64", bytes: 8 },
  "<f4": { dtype: "float32", bytes: 4 }, "<f8": { dtype: "float64", bytes: 8 },
  "|b1": { dtype: "bool", bytes: 1 },
};

function bad(what: string, en: string, ko: string): never {
  throw new InvalidArgumentError(msg(`${what}: ${en}`, `${what}: ${ko}`));
}

/** Parses one `.npy` file (format versions 1-3, little-endian C-order arrays). */
export function parseNpy(bytes: Uint8Array, what = "npy"): NDArray {
  if (bytes.length < 10 || bytes[0] !== 0x93 || String.fromCharCode(...bytes.subarray(1, 6)) !== "NUMPY") {
    bad(what, "not a .npy file (missing the \\x93NUMPY magic).", ".npy 파일이 아닙니다 (\\x93NUMPY 시작 표식이 없습니다).");
  }
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLen > bytes.length) bad(what, "truncated header.", "헤더가 잘려 있습니다.");
  const header = Buffer.from(bytes.subarray(headerStart, headerStart + headerLen)).toString("latin1");
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) bad(what, `malformed header ${JSON.stringify(header)}.`, `헤더 형식이 잘못되었습니다: ${JSON.stringify(header)}.`);
  const dt = NPY_DTYPES[descr];
  if (!dt) bad(what, `unsupported dtype '${descr}' (supported: ${Object.keys(NPY_DTYPES).join(", ")}).`, `지원하지 않는 dtype '${descr}'입니다.`);
  if (fortran === "True") bad(what, "Fortran-ordered arrays are not supported; save with np.ascontiguousarray.", "Fortran 순서 배열은 지원하지 않습니다. np.ascontiguousarray로 저장하세요.");
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s.length).map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) bad(what, `bad shape (${shapeText}).`, `형태가 잘못되었습니다 (${shapeText}).`);
  const n = shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLen;
  if (bytes.length - start !== n * dt.bytes) {
    bad(what, `expected ${n * dt.bytes} data bytes for shape (${shape.join(", ")}) ${descr}, found ${bytes.length - start}.`,
      `형태 (${shape.join(", ")}) ${descr}에는 데이터 ${n * dt.bytes}바이트가 필요한데 ${bytes.length - start}바이트가 있습니다.`);
  }
  const body = bytes.slice(start); // aligned copy
  let data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
  switch (dt.dtype) {
    case "uint8": case "bool": data = new Uint8Array(body.buffer, 0, n); break;
    case "int8": data = new Int8Array(body.buffer, 0, n); break;
    case "int16": data = new Int16Array(body.buffer, 0, n); break;
    case "int32": data = new Int32Array(body.buffer, 0, n); break;
    case "int64": {
      const src = new BigInt64Array(body.buffer, 0, n);
      data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = Number(src[i]);
      break;
    }
    case "float32": data = new Float32Array(body.buffer, 0, n); break;
    default: data = new Float64Array(body.buffer, 0, n);
  }
  return new NDArray(data, shape, dt.dtype);
}

/** Parses a `.npz` archive into `{ name (without .npy): NDArray }`. */
export function parseNpz(bytes: Uint8Array, what = "npz"): Record<string, NDArray> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    bad(what, `not a valid zip archive (${(e as Error).message}).`, `올바른 zip 압축 파일이 아닙니다 (${(e as Error).message}).`);
  }
  const out: Record<string, NDArray> = Object.create(null);
  for (const name of Object.keys(files)) {
    if (!name.endsWith(".npy")) continue;
    out[name.slice(0, -4)] = parseNpy(files[name], `${what}/${name}`);
  }
  return out;
}

/** Parses an IDX file (unsigned-byte data, as MNIST ships), gunzipping when it starts with the gzip magic. */
export function parseIdx(raw: Uint8Array, what = "idx"): NDArray {
  let bytes = raw;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    // fflate sizes its output from the gzip trailer: one 47 MB array for 60,000 images, where
    // zlib's chunks and their concatenation left another ~45 MB for the GC (peak RSS).
    try { bytes = gunzipSync(bytes); } catch (e) {
      bad(what, `corrupt gzip data (${(e as Error).message}).`, `gzip 데이터가 손상되었습니다 (${(e as Error).message}).`);
    }
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) bad(what, "not an IDX file.", "IDX 파일이 아닙니다.");
  if (bytes[2] !== 0x08) bad(what, `only unsigned-byte IDX data is supported (type code 0x${bytes[2].toString(16)}).`, "부호 없는 바이트(uint8) IDX 데이터만 지원합니다.");
  const rank = bytes[3];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 + 4 * rank) bad(what, "truncated header.", "헤더가 잘려 있습니다.");
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(dv.getUint32(4 + 4 * i, false));
  const n = shape.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * rank;
  if (bytes.length - start !== n) {
    bad(what, `expected ${n} data bytes for shape (${shape.join(", ")}), found ${bytes.length - start}.`,
      `형태 (${shape.join(", ")})에는 데이터 ${n}바이트가 필요한데 ${bytes.length - start}바이트가 있습니다.`);
  }
  // A view past the header (a copy only when the caller's own array was passed in, not gzip's output).
  return new NDArray(bytes === raw ? bytes.slice(start, start + n) : bytes.subarray(start, start + n), shape, "uint8");
}
