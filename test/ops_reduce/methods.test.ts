import { describe, it, expect } from "vitest";
import * as tf from "../../index";

describe("reduction Tensor methods", () => {
  const x = tf.constant([[1, 5, 3], [4, 2, 6]]);
  it("max/min/prod/argmax/argmin/cumsum match the functions", () => {
    expect(x.max().numpy().item()).toBe(6);
    expect(x.max(1).tolist()).toEqual([5, 6]);
    expect(x.min(0, true).tolist()).toEqual([[1, 2, 3]]);
    expect(x.prod(1).tolist()).toEqual([15, 48]);
    expect(x.argmax(1).tolist()).toEqual([1, 2]);
    expect(x.argmax(1).dtype).toBe(tf.int64);
    expect(x.argmin().tolist()).toEqual([0, 1, 0]);
    expect(x.cumsum(1).tolist()).toEqual([[1, 6, 9], [4, 6, 12]]);
    expect(x.sum(1).tolist()).toEqual([9, 12]);
  });
});
