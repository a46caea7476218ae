import type { Backend } from "../backends/backend";
import { DataArray, DType } from "./dtypes";
import { NDArray } from "./ndarray";
import { formatShape, sizeOf } from "./shape";
import { tensorValueText } from "./format";
import { viewEscaped } from "../engine/views";
import { dropStorage, escapeStorage, pendingWork, retainStorage } from "../engine/spare";

let nextId = 1;

/** Set by the engine's memory accounting (core/memory.ts): told when a tracked tensor is disposed. */
export const tensorHooks: {
  onDispose: (t: Tensor) => void;
  /** The backend's index among the devices of its type (set by the engine: list_physical_devices order). */
  deviceIndex: (b: Backend) => number;
} = { onDispose: () => {}, deviceIndex: () => 0 };

/** The graph-side identity of a symbolic tensor: which operation output it is. */
export interface SymbolicSource {
  /** The producing Operation (a `core/graph` Operation; typed loosely to avoid a cycle). */
  op: { name: string; graph: unknown; type: string };
  value_index: number;
}

/**
 * `tf.Tensor`. Eager tensors hold a backend handle; symbolic (graph) tensors hold the operation
 * that produces them. Both have `shape` and `dtype`; a symbolic tensor's shape may contain `null`
 * for unknown dimensions (TF's `None`), which its type does not show to keep eager code simple.
 */
export class Tensor {
  readonly id: number;
  readonly shape: number[];
  readonly dtype: DType;
  /** Backend storage handle (eager only). */
  _handle: unknown;
  /** The backend owning `_handle` (eager only). */
  _backend: Backend | null;
  /** The producing operation (symbolic only). */
  readonly _source: SymbolicSource | null;
  /** Memory accounting record (set by the engine for eager tensors; see core/memory.ts). */
  _mem: unknown = null;
  /** For a tensor sharing a variable's storage: its entry in the variable's count of live views (core/engine/views.ts). */
  _viewOf: { open: boolean; owner: { _views: number; _private: boolean } } | null = null;

  constructor(shape: number[], dtype: DType, handle: unknown, backend: Backend | null, source: SymbolicSource | null = null) {
    this.id = nextId++;
    this.shape = shape;
    this.dtype = dtype;
    this._handle = handle;
    this._backend = backend;
    this._source = source;
    if (handle !== null) retainStorage(handle);
  }

  get rank(): number { return this.shape.length; }
  get ndim(): number { return this.shape.length; }
  /** Number of elements (NaN when a dimension is unknown). */
  get size(): number { return sizeOf(this.shape); }
  get isSymbolic(): boolean { return this._source !== null; }
  /** Graph tensors: `op_name:index`. */
  get name(): string {
    if (!this._source) throw new TypeError("Tensor.name is meaningless when eager execution is enabled.");
    return `${this._source.op.name}:${this._source.value_index}`;
  }
  get op(): any { return this._source?.op ?? null; }
  get value_index(): number { return this._source?.value_index ?? 0; }
  get graph(): any { return this._source?.op.graph ?? null; }
  get device(): string {
    const b = this._backend;
    return b ? `/job:localhost/replica:0/task:0/device:${b.deviceType}:${tensorHooks.deviceIndex(b)}` : "";
  }

  private assertEager(what: string): void {
    if (this._source) {
      throw new TypeError(
        `${what}() is only available for eager tensors; ${this.toString()} is a graph tensor. ` +
        `Evaluate it with a Session (tf.compat.v1.Session().run(t)) or call it inside eager code.`,
      );
    }
    if (this._handle === null) throw new Error("Tensor has been disposed");
  }

  /** Synchronous readback of the row-major values. */
  dataSync(): DataArray {
    this.assertEager("dataSync");
    if (pendingWork !== null) pendingWork([this]);
    viewEscaped(this); // the array handed out may be a variable's storage
    escapeStorage(this._handle);
    return this._backend!.readSync(this._handle, this.shape, this.dtype);
  }
  /** Asynchronous readback (required on device backends in browsers). */
  async data(): Promise<DataArray> {
    this.assertEager("data");
    if (pendingWork !== null) pendingWork([this]);
    viewEscaped(this);
    escapeStorage(this._handle);
    return this._backend!.read(this._handle, this.shape, this.dtype);
  }
  /** The value as an `NDArray` (numpy's role). */
  numpy(): NDArray {
    return new NDArray(this.dataSync(), this.shape, this.dtype);
  }
  /** Nested JS arrays, like `t.numpy().tolist()`. */
  tolist(): any { return this.numpy().tolist(); }
  /** Frees the backend storage now (optional: storage is reclaimed without it). */
  dispose(): void {
    if (this._backend && this._handle !== null) {
      this._backend.dispose(this._handle);
      dropStorage(this._handle);
      this._handle = null;
      if (this._mem !== null) tensorHooks.onDispose(this);
      const view = this._viewOf;
      if (view !== null) {
        if (view.open) { view.open = false; view.owner._views--; }
        this._viewOf = null;
      }
    }
  }
  get isDisposed(): boolean { return !this._source && this._handle === null; }

  /** TF's `str(t)`. */
  toString(): string {
    if (this._source) {
      return `Tensor("${this.name}", shape=${formatShape(this.shape)}, dtype=${this.dtype.name})`;
    }
    if (this._handle === null) return `tf.Tensor(<disposed>, shape=${formatShape(this.shape)}, dtype=${this.dtype.name})`;
    return `tf.Tensor(${tensorValueText(this.numpy(), false)}, shape=${formatShape(this.shape)}, dtype=${this.dtype.name})`;
  }
  /** TF's `repr(t)`: `<tf.Tensor: shape=(1, 1), dtype=float32, numpy=array([[4.]], dtype=float32)>`. */
  repr(): string {
    if (this._source) return `<tf.Tensor '${this.name}' shape=${formatShape(this.shape)} dtype=${this.dtype.name}>`;
    if (this._handle === null) return `<tf.Tensor: shape=${formatShape(this.shape)}, dtype=${this.dtype.name}, numpy=<disposed>>`;
    return `<tf.Tensor: shape=${formatShape(this.shape)}, dtype=${this.dtype.name}, numpy=${tensorValueText(this.numpy(), true)}>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
  get [Symbol.toStringTag](): string { return "Tensor"; }
  [Symbol.toPrimitive](hint: string): string | number {
    if (hint === "number") {
      const nd = this.numpy();
      return Number(nd.item());
    }
    return this.toString();
  }
}
