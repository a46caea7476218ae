/**
 * Tensor methods that stand in for Python's operators (`a + b` -> `a.add(b)`) and common
 * tensor methods. Installed on the prototype here so `tensor.ts` does not depend on the ops.
 */
import { Tensor } from "./tensor";
import type { DTypeLike } from "./dtypes";
import type { TensorLike } from "../ops/convert";
import * as m from "../ops/math";
import * as r from "../ops/reduce";
import * as a from "../ops/array";
import { matmul } from "../ops/matmul";

type Axis = number | number[] | null;

declare module "./tensor" {
  interface Tensor {
    add(y: TensorLike): Tensor;
    sub(y: TensorLike): Tensor;
    subtract(y: TensorLike): Tensor;
    mul(y: TensorLike): Tensor;
    multiply(y: TensorLike): Tensor;
    div(y: TensorLike): Tensor;
    divide(y: TensorLike): Tensor;
    truediv(y: TensorLike): Tensor;
    floordiv(y: TensorLike): Tensor;
    mod(y: TensorLike): Tensor;
    pow(y: TensorLike): Tensor;
    neg(): Tensor;
    abs(): Tensor;
    matmul(y: TensorLike, transpose_a?: boolean, transpose_b?: boolean): Tensor;
    eq(y: TensorLike): Tensor;
    ne(y: TensorLike): Tensor;
    lt(y: TensorLike): Tensor;
    le(y: TensorLike): Tensor;
    gt(y: TensorLike): Tensor;
    ge(y: TensorLike): Tensor;
    and(y: TensorLike): Tensor;
    or(y: TensorLike): Tensor;
    not(): Tensor;
    reshape(shape: number[]): Tensor;
    cast(dtype: DTypeLike): Tensor;
    square(): Tensor;
    sqrt(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sum(axis?: Axis, keepdims?: boolean): Tensor;
    mean(axis?: Axis, keepdims?: boolean): Tensor;
    /** `tf.reduce_max(t, axis, keepdims)` */
    max(axis?: Axis, keepdims?: boolean): Tensor;
    /** `tf.reduce_min(t, axis, keepdims)` */
    min(axis?: Axis, keepdims?: boolean): Tensor;
    /** `tf.reduce_prod(t, axis, keepdims)` */
    prod(axis?: Axis, keepdims?: boolean): Tensor;
    /** `tf.argmax(t, axis)` (int64) */
    argmax(axis?: number): Tensor;
    /** `tf.argmin(t, axis)` (int64) */
    argmin(axis?: number): Tensor;
    /** `tf.cumsum(t, axis)` */
    cumsum(axis?: number): Tensor;
    get_shape(): number[];
    /** `tf.transpose(t, perm)` */
    transpose(perm?: number[] | null): Tensor;
    /** `tf.expand_dims(t, axis)` */
    expand_dims(axis: number): Tensor;
    /** `tf.squeeze(t, axis)` */
    squeeze(axis?: number | number[] | null): Tensor;
    /** `tf.slice(t, begin, size)` (size -1 = to the end). */
    slice(begin: number[], size: number[]): Tensor;
    /**
     * Python's `t[...]`: numbers pick (dropping the dimension), strings slice (`"1:3"`, `"::-1"`,
     * `":"`), `"..."` is the ellipsis, `null` a new axis; or one string `"1:3, ..., 0"`.
     */
    getitem(...index: a.IndexSpec[]): Tensor;
    /** `tf.gather(t, indices, axis=axis)` */
    gather(indices: TensorLike, axis?: number): Tensor;
  }
}

const P = Tensor.prototype;
P.add = function (y) { return m.add(this, y); };
P.sub = P.subtract = function (y) { return m.subtract(this, y); };
P.mul = P.multiply = function (y) { return m.multiply(this, y); };
P.div = P.divide = P.truediv = function (y) { return m.truediv(this, y); };
P.floordiv = function (y) { return m.floordiv(this, y); };
P.mod = function (y) { return m.floormod(this, y); };
P.pow = function (y) { return m.pow(this, y); };
P.neg = function () { return m.negative(this); };
P.abs = function () { return m.abs(this); };
P.matmul = function (y, ta, tb) { return matmul(this, y, ta, tb); };
P.eq = function (y) { return m.equal(this, y); };
P.ne = function (y) { return m.not_equal(this, y); };
P.lt = function (y) { return m.less(this, y); };
P.le = function (y) { return m.less_equal(this, y); };
P.gt = function (y) { return m.greater(this, y); };
P.ge = function (y) { return m.greater_equal(this, y); };
P.and = function (y) { return m.logical_and(this, y); };
P.or = function (y) { return m.logical_or(this, y); };
P.not = function () { return m.logical_not(this); };
P.reshape = function (shape) { return a.reshape(this, shape); };
P.cast = function (dtype) { return m.cast(this, dtype); };
P.square = function () { return m.square(this); };
P.sqrt = function () { return m.sqrt(this); };
P.exp = function () { return m.exp(this); };
P.log = function () { return m.log(this); };
P.sum = function (axis, keepdims) { return r.reduce_sum(this, axis, keepdims); };
P.mean = function (axis, keepdims) { return r.reduce_mean(this, axis, keepdims); };
P.max = function (axis, keepdims) { return r.reduce_max(this, axis, keepdims); };
P.min = function (axis, keepdims) { return r.reduce_min(this, axis, keepdims); };
P.prod = function (axis, keepdims) { return r.reduce_prod(this, axis, keepdims); };
P.argmax = function (axis) { return r.argmax(this, axis); };
P.argmin = function (axis) { return r.argmin(this, axis); };
P.cumsum = function (axis) { return r.cumsum(this, axis); };
P.get_shape = function () { return [...this.shape]; };
P.transpose = function (perm) { return a.transpose(this, perm); };
P.expand_dims = function (axis) { return a.expand_dims(this, axis); };
P.squeeze = function (axis) { return a.squeeze(this, axis); };
P.slice = function (begin, size) { return a.slice(this, begin, size); };
P.getitem = function (...index) { return a.getitem(this, ...index); };
P.gather = function (indices, axis) { return a.gather(this, indices, null, axis); };
