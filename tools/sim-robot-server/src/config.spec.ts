import { parseCli } from '@rlpd/cli';
import { startSimRobotServer } from '@rlpd/robot-env';
import { describe, expect, it } from 'vitest';
import { simRobotServerToolConfigSchema } from './config.js';

const info = { command: 'sim-robot-server', summary: 'test' };

describe('sim-robot-server flags', () => {
  it('parse into options startSimRobotServer accepts, and the server answers', async () => {
    const parsed = parseCli(simRobotServerToolConfigSchema, ['--port', '0', '--timing', 'lockstep', '--control-period-s', '0.05', '--seed', '4'], info);
    if (parsed.kind !== 'config') throw new Error('expected a config');
    expect(parsed.config).toMatchObject({ port: 0, timing: 'lockstep', controlPeriodS: 0.05, seed: 4, task: 'pick-cube', host: '127.0.0.1' });
    const server = await startSimRobotServer(parsed.config);
    try {
      const reply = await fetch(new URL('getpos', server.url), { method: 'POST' });
      expect(((await reply.json()) as { pose: number[] }).pose).toHaveLength(7);
    } finally {
      await server.close();
    }
  });

  it('reject an unknown task naming the flag', () => {
    expect(() => parseCli(simRobotServerToolConfigSchema, ['--task', 'stack-blocks'], info)).toThrow(/task/);
  });

  it('start pick-cube-vision with cameras of the given size', async () => {
    const parsed = parseCli(simRobotServerToolConfigSchema, ['--port', '0', '--task', 'pick-cube-vision', '--image-width', '32', '--image-height', '24'], info);
    if (parsed.kind !== 'config') throw new Error('expected a config');
    const server = await startSimRobotServer(parsed.config);
    try {
      const reply = await fetch(new URL('getimage', server.url), { method: 'POST', body: JSON.stringify({ camera: 'front' }) });
      expect(await reply.json()).toMatchObject({ camera: 'front', width: 32, height: 24 });
    } finally {
      await server.close();
    }
  });
});
