import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTransitionsPickle } from '@rlpd/replay-buffer';
import { createEnv, loadFrankaEnvConfigFile, startSimRobotServer } from '@rlpd/robot-env';
import type { Observation, Transition } from '@rlpd/spaces';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const work = mkdtempSync(join(tmpdir(), 'rlpd-franka-http-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a built app; resolves with its exit code and output. `stop` sends SIGINT. */
function run(
  script: string,
  args: string[],
): { done: Promise<{ code: number; stdout: string; stderr: string }>; stop: () => void; stderrMatch: (re: RegExp) => Promise<string> } {
  const child = spawn(process.execPath, [join(root, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((ok) => child.on('exit', (code) => ok({ code: code ?? 1, stdout, stderr })));
  const stderrMatch = (re: RegExp): Promise<string> =>
    new Promise((ok, fail) => {
      const check = (): void => {
        const m = re.exec(stderr);
        if (m) ok(m[1]);
      };
      child.stderr.on('data', check);
      child.on('exit', () => fail(new Error(`${script} exited before printing ${re}: ${stderr}`)));
      check();
    });
  return { done, stop: () => child.kill('SIGINT'), stderrMatch };
}

describe('actor --env franka-http against the sim robot server (learner as usual)', () => {
  it('trains 300 steps through the HTTP robot API: transitions reach the learner, parameters reach the actor', async () => {
    const sim = await startSimRobotServer({ port: 0, host: '127.0.0.1', task: 'pick-cube', seed: 1, timing: 'lockstep' });
    const robotConfig = join(work, 'robot.json');
    // Fast for a test: 100 Hz pacing, short gripper wait and reset move; a reach target for reward.
    writeFileSync(
      robotConfig,
      JSON.stringify({
        controlHz: 100,
        gripperSleepSeconds: 0.02,
        resetMoveSeconds: 0.05,
        randomReset: true,
        targetPose: [0.45, 0.03, 0.15, Math.PI, 0, 0],
        rewardThreshold: [0.01, 0.01, 0.01, 0.2, 0.2, 0.2],
      }),
    );
    // Demos for the learner's demo buffer: one scripted episode through the same API
    // (move toward the target: +x, +y, down), as a person with a SpaceMouse would record them.
    const demoPath = join(work, 'demos.pkl');
    const demoEnv = await createEnv('franka-http', { ...loadFrankaEnvConfigFile(robotConfig), robotUrl: sim.url });
    const demos: Transition[] = [];
    let { observation } = await demoEnv.reset({ seed: 3 });
    const copy = (o: Observation): Observation => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.slice()]));
    observation = copy(observation);
    for (let t = 0; t < 100; t++) {
      const action = Float32Array.of(0.5, 0.3, -0.5, 0, 0, 0, 1);
      const result = await demoEnv.step(action);
      const next = copy(result.observation);
      const done = result.terminated || result.truncated;
      demos.push({
        observations: observation,
        actions: action,
        nextObservations: next,
        rewards: result.reward,
        masks: result.terminated ? 0 : 1,
        dones: done,
        intervened: true,
      });
      observation = next;
      if (done) break;
    }
    await writeTransitionsPickle(demoPath, demos, { observationSpace: demoEnv.spec.observationSpace });
    await demoEnv.close();
    const common = ['--token', 't', '--hidden-dims', '32', '--hidden-dims', '32', '--backend', 'wasm'];
    const learner = run('apps/learner/dist/main.js', [
      '--env',
      'franka-http',
      '--robot-config',
      robotConfig,
      '--port',
      '0',
      '--checkpoint-path',
      join(work, 'run'),
      '--demo-path',
      demoPath,
      '--training-starts',
      '50',
      '--batch-size',
      '32',
      '--steps-per-update',
      '10',
      ...common,
    ]);
    try {
      const learnerUrl = await learner.stderrMatch(/listening on (http:\/\/\S+)/);
      const actor = run('apps/actor/dist/main.js', [
        '--env',
        'franka-http',
        '--robot-url',
        sim.url,
        '--robot-config',
        robotConfig,
        '--learner-url',
        learnerUrl,
        '--max-steps',
        '300',
        '--learner-steps-per-env-step',
        '0',
        '--random-steps',
        '50',
        ...common,
      ]);
      const actorResult = await actor.done;
      expect(actorResult.code, actorResult.stderr).toBe(0);
      const summary = JSON.parse(actorResult.stdout.trim()) as { envSteps: number; episodes: number; paramsVersion: number };
      expect(summary.envSteps).toBe(300);
      expect(summary.episodes).toBe(3); // 100 steps per episode
      expect(summary.paramsVersion).toBeGreaterThan(0);
      expect(actorResult.stderr).toMatch(/first parameters received/);
    } finally {
      learner.stop();
    }
    const learnerResult = await learner.done;
    await sim.close();
    expect(learnerResult.code, learnerResult.stderr).toBe(0);
    const learnerSummary = JSON.parse(learnerResult.stdout.trim()) as { envSteps: number; learnerSteps: number; episodes: number };
    expect(learnerSummary.envSteps).toBe(300);
    expect(learnerSummary.episodes).toBe(3);
    expect(learnerSummary.learnerSteps).toBeGreaterThan(0);
    const metrics = readFileSync(join(work, 'run', 'metrics.jsonl'), 'utf8');
    expect(metrics).toMatch(/critic\/critic_loss/);
  }, 300_000);
});
