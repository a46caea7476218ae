/** Error messages of reductions and matrix products: they name the op, shapes/dtypes and the fix, in English and Korean. */
import { describe, it, expect, afterEach, beforeAll } from "vitest";
import * as tf from "../../index";

beforeAll(() => tf.config.set_backend("cpu"));
afterEach(() => tf.config.set_language("en"));

const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
function message(f: () => unknown): string {
  try { f(); } catch (e) { return (e as Error).message; }
  throw new Error("expected an error");
}

describe("reduction errors", () => {
  it("axis out of range", () => {
    expect(message(() => tf.reduce_sum(x, 2))).toBe("reduce_sum: axis 2 is out of range for a tensor of rank 2; valid axes are in [-2, 2).");
    expect(message(() => tf.reduce_max(x, [0, -3]))).toContain("reduce_max: axis -3 is out of range");
    tf.config.set_language("ko");
    expect(message(() => tf.reduce_mean(x, 5))).toBe("reduce_mean: 축(axis) 5은(는) 랭크 2 텐서의 범위를 벗어납니다. 가능한 축: [-2, 2).");
  });
  it("unknown keyword gets 'did you mean'", () => {
    expect(message(() => tf.reduce_sum(x, { axes: 1 } as never))).toBe(
      "reduce_sum() got an unexpected keyword argument 'axes'. Did you mean 'axis'? Valid keywords: axis, keepdims, name.");
    expect(message(() => tf.reduce_mean(x, { keep_dims: true } as never))).toContain("Did you mean 'keepdims'?");
    expect(message(() => tf.reduce_sum(x, 1, { axis: 0 }))).toBe("reduce_sum() got multiple values for argument 'axis'.");
    expect(message(() => tf.argmax(x, { axis: 0, outputType: tf.int32 } as never))).toContain("Did you mean 'output_type'?");
  });
  it("dtype errors name the op and the fix", () => {
    expect(message(() => tf.reduce_max(tf.constant([true, false])))).toBe(
      "Value for attr 'T' of bool is not in the list of allowed values for Max: real numeric types (no bool, complex or string). Cast the input first (tf.cast).");
    expect(message(() => tf.reduce_any(x))).toContain("allowed values for Any: bool");
    expect(message(() => tf.math.reduce_std(tf.constant([1, 2], tf.int32)))).toContain("reduce_std");
    tf.config.set_language("ko");
    expect(message(() => tf.reduce_prod(tf.constant(["a"])))).toBe("Prod에는 numeric types 자료형만 쓸 수 있는데 string이(가) 들어왔습니다. 먼저 tf.cast로 자료형을 바꾸세요.");
  });
  it("argmax / cumsum / top_k / add_n", () => {
    expect(message(() => tf.argmax(x, [0, 1] as never))).toBe("argmax: axis must be a single integer, got [0,1].");
    expect(message(() => tf.argmax(tf.zeros([2, 0]), 1))).toContain("ArgMax: Reduction axis 1 is empty in shape (2, 0)");
    expect(message(() => tf.argmax(tf.constant(3)))).toContain("argmax: expected a tensor of rank >= 1, got a scalar");
    expect(message(() => tf.cumsum(x, 2))).toBe("cumsum: axis 2 is out of range for a tensor of rank 2; valid axes are in [-2, 2).");
    expect(message(() => tf.math.top_k(x, 4))).toBe(
      "TopKV2: input must have at least k=4 columns, had 3 (input shape (2, 3)). Use a smaller k.");
    expect(message(() => tf.add_n([x, tf.ones([3, 2])]))).toBe(
      "AddN: Inputs to operation AddN must have the same size and shape. Input 0: (2, 3) != input 1: (3, 2). tf.add_n does not broadcast; use tf.add for broadcasting.");
    expect(message(() => tf.add_n([x, tf.ones([2, 3], tf.int32)]))).toBe(
      "cannot compute AddN as input #1(zero-based) was expected to be a float32 tensor but is a int32 tensor [Op:AddN]. Cast one input first, e.g. tf.cast(x, tf.float32).");
    expect(message(() => tf.add_n([]))).toBe("add_n: inputs must be a non-empty list of tensors.");
  });
});

describe("matmul family errors", () => {
  it("inner dimension mismatch", () => {
    expect(message(() => tf.matmul(x, x))).toBe(
      "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3] [Op:MatMul]. The inner dimensions must match: a has 3 columns but b has 2 rows. " +
      "Check the shapes, or transpose an input (transpose_a / transpose_b).");
    expect(message(() => tf.matmul(tf.ones([4, 2, 3]), tf.ones([4, 2, 3])))).toContain("[Op:BatchMatMulV2]");
    tf.config.set_language("ko");
    expect(message(() => tf.matmul(x, x))).toBe(
      "행렬 크기가 맞지 않습니다: In[0]: [2,3], In[1]: [2,3] [Op:MatMul]. 안쪽 차원이 같아야 하는데 a의 열은 3개, b의 행은 2개입니다. 형태를 확인하거나 입력을 전치하세요 (transpose_a / transpose_b).");
  });
  it("dtype mismatch, rank, batch broadcasting", () => {
    expect(message(() => tf.matmul(x, tf.ones([3, 2], tf.int32)))).toBe(
      "cannot compute MatMul as input #1(zero-based) was expected to be a float32 tensor but is a int32 tensor [Op:MatMul]. Cast one input first, e.g. tf.cast(x, tf.float32).");
    expect(message(() => tf.matmul(tf.ones([3]), x))).toContain("must be at least rank 2, got shapes (3,) and (2, 3)");
    expect(message(() => tf.matmul(tf.ones([2, 2, 3]), tf.ones([3, 3, 4])))).toContain("Incompatible shapes: [2] vs. [3]");
  });
  it("einsum", () => {
    expect(message(() => tf.einsum("ij,jk->ik", x, x))).toBe(
      "einsum: dimension 'j' has size 3 in one operand and 2 in operand 1 (shape (2, 3)); sizes must match or be 1.");
    expect(message(() => tf.einsum("ij,jk->ik", x))).toBe("einsum: equation 'ij,jk->ik' names 2 operand(s) but 1 input(s) were given.");
    expect(message(() => tf.einsum("ijk->i", x))).toBe("einsum: operand 0 has rank 2 (shape (2, 3)) but its subscripts 'ijk' name 3 dimension(s).");
    expect(message(() => tf.einsum("ij->iz", x))).toContain("output subscript 'z' does not appear in the inputs");
    expect(message(() => tf.einsum("ij->ii", x))).toContain("output subscript 'i' appears more than once");
    expect(message(() => tf.einsum("i1->i", x))).toContain("invalid subscript '1'");
    expect(message(() => tf.einsum("...i->i", tf.ones([2, 3])))).toContain("add '...' to the output");
  });
  it("tensordot", () => {
    expect(message(() => tf.tensordot(x, x, 1))).toBe(
      "tensordot: dimension 1 of a (size 3) and dimension 0 of b (size 2) are summed together and must be equal (shapes (2, 3) and (2, 3)).");
    expect(message(() => tf.tensordot(x, x, 3))).toContain("tensordot: axes=3 must be an integer in [0, min(rank(a), rank(b))] = [0, 2]");
    expect(message(() => tf.tensordot(x, x, [[0], [0, 1]]))).toContain("must have the same length");
  });
});
