// The resident-block allocator of the wasm runtime (core/backends/wasm/resident.ts), on a plain
// SharedArrayBuffer standing in for the linear memory.
import { describe, expect, it } from "vitest";
import { RESIDENT_MAX_BYTES, ResidentHeap } from "../../core/backends/wasm/resident";

function heap(base = 4096) {
  const buf = new SharedArrayBuffer(64 << 20);
  const ends: number[] = [];
  const h = new ResidentHeap(base, base, (end) => { ends.push(end); return buf; });
  return { h, buf, ends };
}

describe("ResidentHeap", () => {
  it("hands out 64-byte aligned, disjoint views of the memory and knows their offsets", () => {
    const { h, buf } = heap();
    const a = h.alloc(10)!, b = h.alloc(17)!, c = h.alloc(16)!;
    expect([a.byteOffset, b.byteOffset, c.byteOffset]).toEqual([4096, 4096 + 64, 4096 + 64 + 128]);
    expect([a.length, b.length, c.length]).toEqual([10, 17, 16]);
    expect(a.buffer).toBe(buf);
    expect([h.ptr(a), h.ptr(b), h.ptr(c)]).toEqual([a.byteOffset, b.byteOffset, c.byteOffset]);
    expect(h.ptr(a.subarray(1))).toBe(-1); // derived views are not blocks
    expect(h.ptr(new Float32Array(buf, 4096, 10))).toBe(-1);
    expect(h.live).toBe(64 + 128 + 64);
    expect(h.end).toBe(4096 + 256);
  });

  it("reuses freed blocks first-fit and coalesces neighbours", () => {
    const { h } = heap(0);
    const a = h.alloc(16)!, b = h.alloc(16)!, c = h.alloc(16)!, d = h.alloc(16)!;
    h.free(b);
    expect(h.holeList()).toEqual([{ off: 64, size: 64 }]);
    h.free(a);
    expect(h.holeList()).toEqual([{ off: 0, size: 128 }]);
    h.free(c);
    expect(h.holeList()).toEqual([{ off: 0, size: 192 }]);
    const e = h.alloc(20)!; // 80 bytes -> 128: the front of the hole
    expect(e.byteOffset).toBe(0);
    expect(h.holeList()).toEqual([{ off: 128, size: 64 }]);
    h.free(e); h.free(e); // a second free is a no-op
    expect(h.holeList()).toEqual([{ off: 0, size: 192 }]);
    expect(h.live).toBe(64);
    expect(h.ptr(d)).toBe(192);
    h.free(d);
    expect(h.live).toBe(0);
    expect(h.holeList()).toEqual([{ off: 0, size: 256 }]);
  });

  it("grows the region only when no hole fits, extending a free tail instead of leaving it", () => {
    const { h, ends } = heap(0);
    const a = h.alloc(16)!, b = h.alloc(16)!;
    expect(ends).toEqual([64, 128]);
    h.free(b); // a free tail at [64, 128)
    const c = h.alloc(48)!; // 192 bytes: the tail plus 128 more
    expect(c.byteOffset).toBe(64);
    expect(h.end).toBe(256);
    expect(ends[ends.length - 1]).toBe(256);
    expect(h.holeList()).toEqual([]);
    expect(h.ptr(a)).toBe(0);
  });

  it("counted blocks: freed when the last reference drops, never once escaped; uncounted blocks ignore counting", () => {
    const { h } = heap(0);
    const a = h.alloc(16, true)!, b = h.alloc(16, true)!, u = h.allocU8(100, true)!, plain = h.alloc(16)!;
    expect([h.isCounted(a), h.isCounted(u), h.isCounted(plain)]).toEqual([true, true, false]);
    expect(u).toBeInstanceOf(Uint8Array);
    h.retain(a); h.retain(a); // two tensors
    h.drop(a);
    expect(h.ptr(a)).toBe(0);
    h.drop(a); // the last one
    expect(h.ptr(a)).toBe(-1);
    expect(h.holeList()).toEqual([{ off: 0, size: 64 }]);
    h.retain(b); h.escape(b); h.drop(b);
    expect(h.ptr(b)).toBe(64); // escaped: only the GC frees it
    h.retain(plain); h.drop(plain);
    expect(h.ptr(plain)).toBeGreaterThan(0);
    h.drop(new Float32Array(4)); h.retain(null); h.escape(undefined); // not blocks: nothing happens
    const c = h.alloc(16, true)!;
    expect(c.byteOffset).toBe(0); // a's block again
    expect(h.isCounted(c)).toBe(true);
  });

  it("answers null past its cap instead of growing", () => {
    const h = new ResidentHeap(0, 0, () => new SharedArrayBuffer(1 << 16));
    expect(h.alloc(RESIDENT_MAX_BYTES / 4 + 1)).toBe(null);
    expect(h.end).toBe(0);
  });
});
