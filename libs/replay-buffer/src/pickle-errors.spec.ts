import { describe, expect, it } from 'vitest';
import { encodeTransitionsPickle, parseTransitionsPickle } from './index.js';
import { PickleWriter } from './internal/pickle-writer.js';
import type { Transition } from '@rlpd/spaces';

const t: Transition = {
  observations: { state: Float32Array.of(1, 2, 3) },
  nextObservations: { state: Float32Array.of(2, 3, 4) },
  actions: Float32Array.of(0.5),
  rewards: 0,
  masks: 1,
  dones: false,
  intervened: false,
};

/** A pickle whose root is `build(w)`'s single value. */
function pickle(build: (w: PickleWriter) => void): Uint8Array {
  const w = new PickleWriter();
  build(w);
  return w.finish();
}

describe('data-only reading refuses what it must', () => {
  it('refuses any global outside the allow-list, naming it and the byte offset', async () => {
    const bytes = pickle((w) => {
      w.global('os', 'system');
      w.str('echo hi');
      w.tuple(1);
      w.reduce();
    });
    await expect(parseTransitionsPickle(bytes, 'evil.pkl')).rejects.toThrow(
      /^evil\.pkl: byte 2: GLOBAL: refusing global 'os\.system': the reader is data-only/,
    );
  });

  it('refuses object-dtype arrays', async () => {
    const bytes = pickle((w) => {
      w.global('numpy', 'dtype');
      w.str('O8');
      w.bool(false);
      w.bool(true);
      w.tuple(3);
      w.reduce();
    });
    await expect(parseTransitionsPickle(bytes, 'obj.pkl')).rejects.toThrow(
      /^obj\.pkl: byte \d+: REDUCE: numpy\.dtype: numpy dtype "O8": object-dtype arrays are refused/,
    );
  });

  it('refuses out-of-band buffers and unknown opcodes', async () => {
    const oob = Uint8Array.of(0x80, 5, 0x97, 0x2e);
    await expect(parseTransitionsPickle(oob, 'oob.pkl')).rejects.toThrow('oob.pkl: byte 2: NEXT_BUFFER: out-of-band buffers');
    const inst = Uint8Array.of(0x80, 4, 0x81, 0x2e);
    await expect(parseTransitionsPickle(inst, 'new.pkl')).rejects.toThrow('new.pkl: byte 2: unsupported opcode 0x81');
  });

  it('names the file, transition, byte offset and key when a field is missing or mistyped', async () => {
    const bytes = await encodeTransitionsPickle([t, t]);
    // Rename the 'rewards' key to 'rewardz' (same length, so the pickle stays valid).
    const text = Buffer.from(bytes).toString('latin1').replace('rewards', 'rewardz');
    await expect(parseTransitionsPickle(Buffer.from(text, 'latin1'), 'demo.pkl')).rejects.toThrow(
      /^demo\.pkl: transition 0 \(byte 4\): 'rewards': missing key \(the transition has \[observations, actions, next_observations, rewardz/,
    );
    const wrong = pickle((w) => {
      w.emptyList();
      w.mark();
      w.emptyDict();
      w.mark();
      w.str('observations');
      w.str('not an array');
      w.setItems();
      w.appends();
    });
    await expect(parseTransitionsPickle(wrong, 'demo.pkl')).rejects.toThrow(
      "demo.pkl: transition 0 (byte 4): 'observations': expected a dict of numpy arrays or a numpy array, got str",
    );
    await expect(
      parseTransitionsPickle(
        pickle((w) => w.emptyDict()),
        'dict.pkl',
      ),
    ).rejects.toThrow('dict.pkl: expected a list of transition dicts, got dict');
  });

  it('names the first transition whose shapes differ from transition 0', async () => {
    const odd = { ...t, actions: Float32Array.of(1, 2) };
    await expect(parseTransitionsPickle(await encodeTransitionsPickle([t, t, odd]), 'mixed.pkl')).rejects.toThrow(
      /^mixed\.pkl: transition 2 \(byte \d+\): actions is float32 \(2,\), but transition 0 has float32 \(1,\)$/,
    );
    const extra = { ...t, observations: { ...t.observations, wrist: new Uint8Array(4) } };
    await expect(parseTransitionsPickle(await encodeTransitionsPickle([t, extra]), 'keys.pkl')).rejects.toThrow(
      /keys\.pkl: transition 1 \(byte \d+\): observations\.wrist is present but transition 0 has no such key/,
    );
  });
});
