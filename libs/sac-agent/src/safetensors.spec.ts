import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

describe('safetensors', () => {
  const tensors = {
    'b/weight': { shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, -6.5) },
    'a/bias': { shape: [3], data: Float32Array.of(0.25, -0, 1e-30) },
    scalar: { shape: [], data: Float32Array.of(7) },
  };

  it('round-trips tensors and metadata bit for bit', () => {
    const { tensors: back, metadata } = decodeSafetensors(encodeSafetensors(tensors, { step: '12' }));
    expect(metadata).toEqual({ step: '12' });
    expect(Object.keys(back).sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, t] of Object.entries(tensors)) {
      expect(back[name].shape).toEqual(t.shape);
      expect(new Uint8Array(back[name].data.buffer)).toEqual(new Uint8Array(t.data.buffer));
    }
  });

  it('writes the documented layout: u64 LE header length, 8-aligned JSON header, LE data', () => {
    const bytes = encodeSafetensors({ x: { shape: [2], data: Float32Array.of(1, 2) } });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
    const view = new DataView(bytes.buffer, 8 + n);
    expect([view.getFloat32(0, true), view.getFloat32(4, true)]).toEqual([1, 2]);
    expect(bytes.length).toBe(8 + n + 8);
  });

  it('rejects malformed files with a clear error', () => {
    const good = encodeSafetensors({ x: { shape: [2], data: Float32Array.of(1, 2) } });
    expect(() => decodeSafetensors(good.subarray(0, 4))).toThrow(/too short/);
    expect(() => decodeSafetensors(good.subarray(0, good.length - 1))).toThrow(/data_offsets/);
    const withHeader = (header: object, dataBytes: number) => {
      const json = new TextEncoder().encode(JSON.stringify(header));
      const out = new Uint8Array(8 + json.length + dataBytes);
      new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
      out.set(json, 8);
      return out;
    };
    expect(() => decodeSafetensors(withHeader({ x: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, 4))).toThrow(/dtype F16/);
    expect(() => decodeSafetensors(withHeader({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, 12))).toThrow(/cover 8 of 12/);
    expect(() => decodeSafetensors(withHeader({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8))).toThrow(/expected 12 bytes/);
    expect(() => decodeSafetensors(withHeader({ x: { dtype: 'F32' } }, 0))).toThrow(/bad header entry/);
    const badLength = new Uint8Array(16);
    new DataView(badLength.buffer).setBigUint64(0, 1000n, true);
    expect(() => decodeSafetensors(badLength)).toThrow(/does not fit/);
    expect(() => encodeSafetensors({ x: { shape: [3], data: Float32Array.of(1) } })).toThrow(/shape \[3\]/);
  });

  it('decodes from a Node Buffer view at an unaligned offset of a shared pool (as socket.io delivers it)', () => {
    const tensors = { w: { shape: [2, 3], data: Float32Array.of(1.5, -2, 3.25, 4, 5, -6) }, b: { shape: [3], data: Float32Array.of(7, 8, 9) } };
    const encoded = encodeSafetensors(tensors);
    const pool = Buffer.alloc(encoded.length + 200, 0xab);
    pool.set(encoded, 91);
    const view = pool.subarray(91, 91 + encoded.length);
    const decoded = decodeSafetensors(view).tensors;
    expect(Array.from(decoded.w.data)).toEqual([1.5, -2, 3.25, 4, 5, -6]);
    expect(Array.from(decoded.b.data)).toEqual([7, 8, 9]);
    pool.fill(0); // the decoded tensors own their memory
    expect(Array.from(decoded.b.data)).toEqual([7, 8, 9]);
  });
});
