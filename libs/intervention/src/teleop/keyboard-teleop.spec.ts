import { describe, expect, it } from 'vitest';
import { InterventionWrapper, KeyboardTeleop, createTeleopIntervener, parseTerminalKeys } from '../index.js';
import { ScriptedEnv } from '../internal/scripted-env.js';

describe('parseTerminalKeys', () => {
  it('splits raw input into keys: letters, arrows (both modes), space, a lone ESC, Ctrl-C', () => {
    expect(parseTerminalKeys('wW \x1b[A\x1bOD')).toEqual(['w', 'w', 'space', 'up', 'left']);
    expect(parseTerminalKeys('\x1b')).toEqual(['escape']);
    expect(parseTerminalKeys('\x03')).toEqual(['ctrl-c']);
    expect(parseTerminalKeys('\x1b[15~q')).toEqual(['q']); // F5 skipped whole
  });
});

describe('KeyboardTeleop', () => {
  it('holds a key through the terminal repeat delay and releases it when repeats stop', () => {
    let now = 0;
    const keyboard = new KeyboardTeleop({ now: () => now, speed: 0.5, firstRepeatMs: 550, repeatGapMs: 120 });
    const xAt = (t: number): number => {
      now = t;
      return keyboard.poll().arms[0].twist[0];
    };
    keyboard.press('w');
    expect(xAt(100)).toBe(0.5);
    expect(xAt(500)).toBe(0.5); // no repeat yet: still held (the OS delay is ~500 ms)
    now = 520;
    keyboard.press('w'); // first auto-repeat
    for (let t = 550; t <= 700; t += 30) {
      now = t;
      keyboard.press('w');
    }
    expect(xAt(790)).toBe(0.5); // 90 ms after the last repeat
    expect(xAt(830)).toBe(0); // released
    // A single tap moves until the repeat delay would have passed.
    now = 1000;
    keyboard.press('s');
    expect(xAt(1549)).toBe(-0.5);
    expect(xAt(1550)).toBe(0);
  });

  it('combines keys into a twist: WASD/QE translate, arrows and R/F rotate', () => {
    const keyboard = new KeyboardTeleop({ now: () => 0, speed: 0.4, rotationSpeed: 0.2 });
    for (const key of ['w', 'a', 'e', 'r', 'up', 'right', 'd']) keyboard.press(key);
    expect(keyboard.poll().arms[0].twist).toEqual([0.4, 0, -0.4, 0.2, 0.2, -0.2]);
  });

  it('space toggles the gripper, I forces intervening, ESC ends the episode through the wrapper', async () => {
    let now = 0;
    const keyboard = new KeyboardTeleop({ now: () => now });
    const env = new ScriptedEnv(4);
    const wrapped = new InterventionWrapper(env, createTeleopIntervener(keyboard, { actionDim: 4, now: () => now, initialGripper: () => 1 }));
    await wrapped.reset();
    const policy = Float32Array.of(0.1, 0.1, 0.1, 0.1);
    const step = async (...keys: string[]) => {
      for (const key of keys) keyboard.press(key);
      const r = await wrapped.step(policy);
      now += 100;
      return r;
    };
    expect((await step()).info.interveneAction).toBeUndefined();
    expect(Array.from((await step('space')).info.interveneAction ?? [])).toEqual([0, 0, 0, -1]); // close
    expect((await step()).info.interveneAction).toBeUndefined(); // idle: the policy acts
    expect(Array.from((await step('i')).info.interveneAction ?? [])).toEqual([0, 0, 0, -1]); // holding control, gripper kept
    expect(Array.from((await step('space', 'q')).info.interveneAction ?? [])).toEqual([0, 0, 0.5, 1]);
    const last = await step('escape');
    expect(last.truncated).toBe(true);
    expect(last.terminated).toBe(false);
    expect(last.info.endEpisode).toBe(true);
    expect(wrapped.episodeInterventions).toEqual({ steps: 4, count: 2 });
    await wrapped.reset(); // a new episode forgets ESC and the toggle
    const fresh = await step();
    expect(fresh.truncated).toBe(false);
    expect(fresh.info.interveneAction).toBeUndefined();
  });
});
