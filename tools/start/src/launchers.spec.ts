// The README's commands, run as a user types them: through `npm run -s ...` and `npx nx run ...`,
// from the repository root, from a folder inside it and from one outside it. One build check
// (the first command) serves every later one (RLPD_NO_BUILD=1).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, lastJson, run, start, type Finished } from './command.test.js';
import { freePort } from './free-port.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** A folder inside the repository (what `npx nx` needs) that is not the root or a project. */
const inside = mkdtempSync(join(root, '.launcher-test-'));
/** A folder outside the repository, reached with `npm --prefix <repo>`. */
const outside = mkdtempSync(join(tmpdir(), 'rlpd-launchers-'));
const npmOutside = `npm --prefix ${root} run -s`;
afterAll(() => {
  rmSync(inside, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

/** The fenced sh block under a README heading, one command per line. */
function readmeBlock(heading: string): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`README.md: no sh block under '## ${heading}'`);
  return block[1].trim().split('\n');
}

/** A command shown inline in README.md, starting with `prefix`. */
function readmeInline(prefix: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const match = new RegExp('`(' + prefix.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&') + '[^`]*)`').exec(readme);
  if (!match) throw new Error(`README.md: no \`${prefix}...\` command`);
  return match[1];
}

beforeAll(async () => {
  // The one build check of this file, through the launcher a user runs: --help and nothing else.
  const help = await run('npm run -s learner -- --help', root, { env: { ...env, RLPD_NO_BUILD: '' } });
  expect(help.stderr).toBe('');
  expect(help.code).toBe(0);
  expect(help.stdout.split('\n')[0]).toBe('Usage: npm run -s learner -- [flags]');
}, 600_000);

describe("the README's commands, as written", () => {
  it('record demos, train with learner + actor, stop with Ctrl-C, evaluate (npm and Nx), from a folder inside the repository', async () => {
    const [learnerLine, actorLine, evalLine] = readmeBlock('Running learner and actor yourself');
    expect(learnerLine.startsWith('npm run -s learner -- ')).toBe(true);
    expect(actorLine.startsWith('npm run -s actor -- ')).toBe(true);
    expect(evalLine.startsWith('npm run -s actor -- --eval-checkpoint-step')).toBe(true);
    const port = await freePort();
    // Extra flags come last and only bound the run (parseArgs keeps a flag's last value).
    const recorded = await run(`${readmeInline('npm run -s record-demos --')} --episodes 1`, inside);
    expect(recorded.code).toBe(0);
    expect(statSync(join(inside, 'demos/pick-cube-20.pkl')).isFile()).toBe(true);

    const learner = start(`${learnerLine} --port ${port} --training-starts 20 --batch-size 16 --hidden-dims 32,32`, inside);
    await learner.waitFor(/listening on http/);
    const actor = await run(
      `${actorLine} --learner-url http://127.0.0.1:${port} --max-steps 30 --learner-steps-per-env-step 0 --hidden-dims 32 --hidden-dims 32`,
      inside,
    );
    expect(actor.stderr).toMatch(/waiting up to 120 s \(--connect-timeout\)/);
    expect(actor.code).toBe(0);
    expect(lastJson(actor.stdout)).toMatchObject({ envSteps: 30 });
    await learner.waitFor(/phase training/);
    process.kill(-learner.pid, 'SIGINT'); // Ctrl-C: the whole foreground process group
    const stopped = await learner.finished;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/checkpoint written: runs\/mine\/checkpoint_\d+/);
    const summary = lastJson(stopped.stdout);
    expect(summary).toMatchObject({ envSteps: 30 });
    const step = Number(/checkpoint_(\d+)$/.exec(String(summary.checkpoint))?.[1]);
    // Paths are the user's: the run is in the folder the command was typed in.
    expect(existsSync(join(inside, 'runs/mine', `checkpoint_${step}`, 'state.json'))).toBe(true);

    const bounds = ` --eval-checkpoint-step ${step} --eval-n-trajs 1 --hidden-dims 32,32`;
    const evaluated = await run(`${evalLine}${bounds}`, inside);
    expect(evaluated.code).toBe(0);
    expect(lastJson(evaluated.stdout)).toMatchObject({ episodes: 1, checkpoint: `runs/mine/checkpoint_${step}` });
    const throughNx = await run(`${evalLine.replace('npm run -s actor --', 'npx nx run actor:serve --')}${bounds}`, inside);
    expect(throughNx.code).toBe(0);
    expect(lastJson(throughNx.stdout)).toMatchObject({ episodes: 1, checkpoint: `runs/mine/checkpoint_${step}` });

    // The same learner command again would mix two runs in runs/mine: refused, with the way out.
    const again = await run(`${learnerLine} --port ${port}`, inside);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`--checkpoint-path: ${join(inside, 'runs/mine')} already holds a run`);
    expect(again.stderr).toContain('pass --resume to continue it, choose a new --checkpoint-path, or pass --force');
    const forced = start(`${learnerLine} --port ${port} --hidden-dims 32,32 --force`, inside);
    await forced.waitFor(/waiting-for-data/);
    process.kill(-forced.pid, 'SIGINT');
    expect((await forced.finished).code).toBe(0);
    expect(forced.output.stderr).toContain(`--force: removed the earlier run's buffer, checkpoint_${step}, demo_buffer, journal, metrics.jsonl from runs/mine`);
    expect(readdirSync(join(inside, 'runs/mine')).filter((n) => n.startsWith('checkpoint_'))).toEqual(['checkpoint_0']);
  }, 600_000);

  it('npm start (the warm-up comparison) and run-report on its run folder', async () => {
    const [withoutWarmUp, withWarmUp] = readmeBlock('The warm-up question');
    expect(withoutWarmUp).toBe('npm start -- --seed 42 --pretrain-steps 0');
    expect(withWarmUp.startsWith('npm start -- ')).toBe(true);
    const started = await run(`${withoutWarmUp} --max-steps 120 --demo-episodes 1`, inside);
    expect(started.code).toBe(0);
    const summary = lastJson(started.stdout);
    expect(summary).toMatchObject({ envSteps: 120 });
    const runDir = String(summary.runDir);
    expect(runDir.startsWith(join(inside, 'runs', 'pick-cube-'))).toBe(true);
    const relative = runDir.slice(inside.length + 1);
    const report = await run(`npm run -s run-report -- ${relative} --json`, inside);
    expect(report.code).toBe(0);
    expect(lastJson(report.stdout)).toMatchObject({ run: relative });
  }, 300_000);

  it('Ctrl-C through `npx nx run learner:serve` in a terminal still ends with the final checkpoint and the JSON summary', async () => {
    mkdirSync(join(inside, 'nx-run'), { recursive: true });
    const demos = join(inside, 'demos/pick-cube-20.pkl');
    if (!existsSync(demos)) expect((await run(`${readmeInline('npm run -s record-demos --')} --episodes 1`, inside)).code).toBe(0);
    // `script` gives the command a terminal, so \x03 is a real Ctrl-C keypress.
    const learner = start('npx nx run learner:serve -- --demo-path ../demos/pick-cube-20.pkl --checkpoint-path runs/nx --port 0', join(inside, 'nx-run'), {
      pty: true,
    });
    await learner.waitFor(/waiting-for-data/);
    learner.write('\x03');
    const stopped = await learner.finished;
    expect(stopped.stdout).toMatch(/checkpoint written: runs\/nx\/checkpoint_0/);
    expect(stopped.stdout).toMatch(/\{"learnerSteps":0,.*"checkpoint":"runs\/nx\/checkpoint_0"/);
    expect(existsSync(join(inside, 'nx-run/runs/nx/checkpoint_0/state.json'))).toBe(true);
  }, 300_000);
});

describe('what a new user meets, from a folder outside the repository', () => {
  const learner = (flags: string): Promise<Finished> => run(`${npmOutside} learner -- ${flags}`, outside);

  it('bad flags exit 2 with one line naming the flag and what to do', async () => {
    const cases: [string, string][] = [
      ['--batch_size 256', 'npm run -s learner --: unknown flag --batch_size; did you mean --batch-size?'],
      ['--batch-size -5', 'npm run -s learner --: --batch-size: must be at least 2: half of each batch is online data, half demo data (got -5)'],
      ['--batch-size 255', 'npm run -s learner --: --batch-size: must be even: half of each batch is online data, half demo data (got 255)'],
      ['--demo-path missing.pkl', `npm run -s learner --: --demo-path: ${join(outside, 'missing.pkl')} not found`],
      ['--demo-path .', `npm run -s learner --: --demo-path: ${outside} is a directory, expected a file`],
      ['--hidden-dims 64,x --demo-path a.pkl', "npm run -s learner --: --hidden-dims: expected a number, got 'x'"],
    ];
    for (const [flags, message] of cases) {
      const result = await learner(flags);
      expect({ flags, code: result.code, stderr: result.stderr.trim() }).toEqual({ flags, code: 2, stderr: message });
    }
    const actor = await run(`${npmOutside} actor -- --eval-checkpoint-step 5 --checkpoint-path runs/nowhere`, outside);
    expect(actor.code).toBe(2);
    expect(actor.stderr.trim()).toBe(
      `npm run -s actor --: --eval-checkpoint-step 5: ${join(outside, 'runs/nowhere/checkpoint_5')} not found; --checkpoint-path does not exist`,
    );
    // Through Nx the message stays, but Nx reports every failure as exit code 1 (README says so).
    const help = await run('npx nx run learner:serve -- --help', inside);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run -s learner -- [flags]');
    const nx = await run('npx nx run learner:serve -- --batch_size 256', inside);
    expect(nx.stderr).toContain('unknown flag --batch_size; did you mean --batch-size?');
    expect(nx.code).toBe(1);
  }, 300_000);

  it('a port in use is a runtime error (exit 1) suggesting --port 0; an actor says what it waits for and for how long', async () => {
    const busy: Server = createServer();
    const port = await new Promise<number>((resolvePort) => busy.listen(0, '127.0.0.1', () => resolvePort((busy.address() as { port: number }).port)));
    try {
      const demo = join(inside, 'demos/pick-cube-20.pkl');
      if (!existsSync(demo)) expect((await run(`${readmeInline('npm run -s record-demos --')} --episodes 1`, inside)).code).toBe(0);
      const result = await learner(`--demo-path ${demo} --checkpoint-path runs/busy --port ${port}`);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `--port ${port}: already in use on 127.0.0.1 (is another learner running?); choose another --port, or --port 0 for a free one`,
      );
      expect(result.stderr).toContain('tfjs backend: using');
      expect(result.stderr).not.toMatch(/Cannot find (package|module)/);
    } finally {
      busy.close();
    }
    const deadPort = await freePort();
    const actor = await run(`${npmOutside} actor -- --learner-url http://127.0.0.1:${deadPort} --connect-timeout 1`, outside);
    expect(actor.code).toBe(1);
    expect(actor.stderr).toContain(`waiting up to 1 s (--connect-timeout) for it to accept this actor`);
    expect(actor.stderr).toMatch(/cannot reach the learner \(waited 0 s\); retrying until 1 s have passed/);
    expect(actor.stderr).toContain(`no learner accepted this actor at http://127.0.0.1:${deadPort} within 1 s; is the learner running`);
  }, 300_000);

  it('record-demos and inspect merge never overwrite without --force; summary shows what the file says', async () => {
    const record = (extra: string): Promise<Finished> => run(`${npmOutside} record-demos -- --episodes 1 --out demos/a.pkl${extra}`, outside);
    expect((await record('')).code).toBe(0);
    const made = statSync(join(outside, 'demos/a.pkl')).mtimeMs;
    const refused = await record('');
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `npm run -s record-demos --: --out: ${join(outside, 'demos/a.pkl')} already exists; choose another --out, or pass --force to overwrite it`,
    );
    expect(statSync(join(outside, 'demos/a.pkl')).mtimeMs).toBe(made);
    expect((await record(' --force --seed 5')).code).toBe(0);

    const summary = await run(`${npmOutside} inspect -- summary demos/a.pkl --json`, outside);
    expect(summary.code).toBe(0);
    const parsed = lastJson(summary.stdout);
    // Oracle demos are not interventions; pick-cube episodes run to the 100-step limit.
    expect(parsed).toMatchObject({ episodes: 1, successes: 1, interventions: 0, episodeLengths: [100] });
    expect((parsed.episodeReturns as number[])[0]).toBeGreaterThan(0);

    const merge = (extra: string): Promise<Finished> =>
      run(`${npmOutside} inspect -- merge demos/a.pkl demos/a.pkl --out demos/a.pkl --successful-only${extra}`, outside);
    const mergeRefused = await merge('');
    expect(mergeRefused.code).toBe(2);
    expect(mergeRefused.stderr).toContain(`--out: ${join(outside, 'demos/a.pkl')} already exists; choose another --out, or pass --force`);
    const forced = await merge(' --force');
    expect(forced.code).toBe(0);
    expect(lastJson(forced.stdout)).toMatchObject({ inputs: 2, transitions: 200 });
  }, 300_000);
});
