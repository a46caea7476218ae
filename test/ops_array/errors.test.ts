/**
 * Errors of the shape/indexing/creation ops: they name the op, the shapes and the fix, in English
 * and in Korean, and they are thrown before anything runs.
 */
import { describe, it, expect, afterEach } from "vitest";
import * as tf from "../../index";

const m23 = () => tf.constant([[1, 2, 3], [4, 5, 6]]);
afterEach(() => tf.config.set_language("en"));

describe("axis and shape errors (English)", () => {
  it("transpose: perm of the wrong size or not a permutation", () => {
    expect(() => tf.transpose(m23(), [0, 1, 2])).toThrow(/Transpose: transpose expects a vector of size 2\. But input\(1\) is a vector of size 3 .*input shape \(2, 3\)/);
    expect(() => tf.transpose(m23(), [0, 0])).toThrow(/perm \[0,0\] is not a permutation of \[0, 2\): 1 is missing/);
  });
  it("expand_dims / squeeze", () => {
    expect(() => tf.expand_dims(m23(), 3)).toThrow(/ExpandDims: axis 3 is out of range for input of shape \(2, 3\) \(rank 2\); valid values are in \[-3, 2\]/);
    expect(() => tf.squeeze(m23(), 0)).toThrow(/Squeeze: Can not squeeze dim\[0\], expected a dimension of 1, got 2 \(input shape \(2, 3\)\)/);
    expect(() => tf.expand_dims(m23(), null as never)).toThrow(/axis is required/);
  });
  it("concat / stack / unstack / split", () => {
    expect(() => tf.concat([m23(), tf.zeros([3, 3])], 1)).toThrow(/ConcatV2: Dimension 0 in both shapes must be equal: shape\[0\] = \[2,3\] vs\. shape\[1\] = \[3,3\] \(concatenating along axis 1\)/);
    expect(() => tf.concat([tf.constant(1), tf.constant(2)], 0)).toThrow(/Can't concatenate scalars \(use tf\.stack instead\)/);
    expect(() => tf.concat([m23(), tf.zeros([2])], 0)).toThrow(/Ranks of all input tensors should match: shape\[0\] = \[2,3\] vs\. shape\[1\] = \[2\]/);
    expect(() => tf.concat([m23(), tf.constant([[1, 2, 3]], tf.int32)], 0)).toThrow(/all values must have the same dtype, but values\[0\] is float32 and values\[1\] is int32/);
    expect(() => tf.stack([m23(), tf.zeros([3, 2])])).toThrow(/Pack: Shapes of all inputs must match: values\[0\]\.shape = \[2,3\] != values\[1\]\.shape = \[3,2\]/);
    expect(() => tf.unstack(tf.constant(1))).toThrow(/cannot unstack a scalar/);
    expect(() => tf.split(m23(), 2, 1)).toThrow(/Split: Dimension size must be evenly divisible by 2 but is 3 \(axis 1 of shape \[2,3\]\)/);
    expect(() => tf.split(m23(), [1, 1], 1)).toThrow(/SplitV: .*size_splits \[1,1\] \(sum 2\) for dimension 1 of size 3/);
    expect(() => tf.split(m23(), [-1, -1], 1)).toThrow(/at most one -1/);
    expect(() => tf.concat(m23() as never, 0)).toThrow(/values must be a list of tensors/);
  });
  it("tile / pad / reverse", () => {
    expect(() => tf.tile(m23(), [2])).toThrow(/Tile: Expected multiples argument to be a vector of length 2 but got length 1/);
    expect(() => tf.pad(m23(), [[1, 1]])).toThrow(/paddings must have shape \[2, 2\] for input shape \(2, 3\)/);
    expect(() => tf.pad(m23(), [[2, 0], [0, 0]], "REFLECT")).toThrow(/MirrorPad: paddings must be no greater than the dimension size minus 1 in REFLECT mode: 2, 0 greater than 1 \(dimension 0 of shape \[2,3\]\)/);
    expect(() => tf.pad(m23(), [[0, 0], [0, 4]], "SYMMETRIC")).toThrow(/greater than 3/);
    expect(() => tf.pad(m23(), [[0, 0], [0, 1]], "EDGE")).toThrow(/mode must be one of CONSTANT, REFLECT or SYMMETRIC/);
    expect(() => tf.pad(m23(), [[0, -1], [0, 0]])).toThrow(/Paddings must be non-negative integers: 0 -1/);
    expect(() => tf.reverse(m23(), [0, 0])).toThrow(/ReverseV2: axis 0 specified more than once/);
  });
  it("slice / strided_slice / getitem", () => {
    expect(() => tf.slice(m23(), [0, 1], [3, 1])).toThrow(/Slice: Expected size\[0\] in \[0, 2\], but got 3 \(begin 0, input shape \(2, 3\)\)\. Use -1/);
    expect(() => tf.slice(m23(), [0, 4], [1, 0])).toThrow(/Expected begin\[1\] in \[0, 3\], but got 4/);
    expect(() => tf.slice(m23(), [0], [1])).toThrow(/Expected begin and size arguments to be 1-D tensors of size 2, but got shapes \[1\] and \[1\]/);
    expect(() => m23().getitem(2)).toThrow(/StridedSlice: slice index 2 of dimension 0 out of bounds \(dimension size 2, input shape \(2, 3\)\)/);
    expect(() => m23().getitem("0, 0, 0")).toThrow(/Index out of range using input dim 2; input has only 2 dims/);
    expect(() => m23().getitem("::0")).toThrow(/strides\[0\] must be non-zero/);
    expect(() => m23().getitem("1:a")).toThrow(/cannot parse index "1:a"/);
    expect(() => m23().getitem("...", "...")).toThrow(/Multiple ellipses/);
  });
  it("gather / gather_nd / scatter_nd / boolean_mask", () => {
    expect(() => tf.gather(m23(), [0, 2])).toThrow(/GatherV2: indices\[1\] = 2 is not in \[0, 2\) \(params shape \[2,3\], axis 0\)/);
    expect(() => tf.gather(m23(), tf.constant([[0], [5]], tf.int32), { axis: 1 })).toThrow(/indices\[1,0\] = 5 is not in \[0, 3\)/);
    expect(() => tf.gather(m23(), tf.constant([0.0, 1.0]))).toThrow(/GatherV2: indices must be int32 or int64, got float32\. JS numbers become float32: pass tf\.constant\(\.\.\., tf\.int32\)/);
    expect(() => tf.gather(m23(), [0], { axis: 0, batch_dims: 1 })).toThrow(/batch_dims \(1\) must be less than or equal to axis \(0\)/);
    expect(() => tf.gather(m23(), [0], { axes: 1 } as never)).toThrow(/gather\(\) got an unexpected keyword argument 'axes'\. Did you mean 'axis'\?/);
    expect(() => tf.gather_nd(m23(), [[0, 3]])).toThrow(/GatherNd: indices\[0\] = \[0, 3\] does not index into param shape \[2,3\]/);
    expect(() => tf.gather_nd(m23(), [[0, 0, 0]])).toThrow(/indices\.shape\[-1\] must be <= params\.rank/);
    expect(() => tf.scatter_nd([[5]], [1], [4])).toThrow(/ScatterNd: indices\[0\] = \[5\] does not index into shape \[4\]/);
    expect(() => tf.scatter_nd([[1]], [1, 2], [4])).toThrow(/updates must have shape indices\.shape\[:-1\] \+ shape\[indices\.shape\[-1\]:\] = \[1\], got \[2\]/);
    expect(() => tf.boolean_mask(m23(), tf.constant([true, false, true]))).toThrow(/boolean_mask: Shapes \(2,\) and \(3,\) are incompatible/);
    expect(() => tf.boolean_mask(m23(), tf.constant([1, 0]))).toThrow(/mask must be a bool tensor, got float32/);
    expect(() => tf.boolean_mask(m23(), tf.constant(true))).toThrow(/mask cannot be scalar/);
  });
  it("creation: range / one_hot / eye / linspace", () => {
    expect(() => tf.range(5, 1)).toThrow(/Range: Requires start <= limit when delta > 0: 5\/1/);
    expect(() => tf.range(1, 5, -1)).toThrow(/Requires start >= limit when delta < 0: 1\/5/);
    expect(() => tf.range(0, 5, 0)).toThrow(/Requires delta != 0/);
    expect(() => tf.one_hot(tf.constant([0.0, 1.0]), 3)).toThrow(/OneHot: indices must be uint8, int32 or int64, got float32\. Cast them first/);
    expect(() => tf.one_hot([0], 3, { axis: 2 })).toThrow(/Expected axis to be -1 or between \[0, 1\]\.  But received: 2/);
    expect(() => tf.one_hot([0], 3, tf.constant(1, tf.int32), null, null, tf.float32)).toThrow(/dtype int32 of on_value\/off_value does not match dtype parameter float32/);
    expect(() => tf.eye(-1)).toThrow(/eye: num_rows must be a non-negative integer, got -1/);
    expect(() => tf.linspace(tf.constant(0, tf.int32), tf.constant(1, tf.int32), 3)).toThrow(/linspace: start and stop must be floating point, got int32/);
  });
  it("a failing op leaves no trace on a recording tape", () => {
    const x = tf.constant([1, 2, 3]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      expect(() => tf.concat([x, tf.zeros([2, 2])], 0)).toThrow();
      return tf.reduce_sum(tf.square(x));
    });
    expect(tape.gradient(y, x).tolist()).toEqual([2, 4, 6]);
  });
});

describe("errors in Korean", () => {
  it("set_language('ko') switches the messages", () => {
    tf.config.set_language("ko");
    expect(() => tf.squeeze(m23(), 0)).toThrow(/Squeeze: 0번째 차원은 크기가 2라서 제거할 수 없습니다 \(입력 형태 \(2, 3\)\)\. 크기 1인 차원만 squeeze할 수 있습니다\./);
    expect(() => tf.gather(m23(), [7])).toThrow(/GatherV2: indices\[0\] = 7이\(가\) \[0, 2\) 범위 밖입니다/);
    expect(() => tf.concat([m23(), tf.zeros([3, 3])], 1)).toThrow(/ConcatV2: 0번째 차원이 같아야 합니다/);
    expect(() => tf.random.uniform([2], { dtype: tf.int32 })).toThrow(/정수 dtype int32에는 maxval을 지정해야 합니다/);
    expect(() => tf.transpose(m23(), [1])).toThrow(/perm의 길이는 2이어야 하는데 1입니다/);
  });
});
