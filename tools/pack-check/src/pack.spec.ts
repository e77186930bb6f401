import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'rlpd-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });

describe('publishing', () => {
  it('packs @rlpd/replay-buffer (with @rlpd/spaces) and imports it from a project outside the workspace', () => {
    for (const lib of ['spaces', 'replay-buffer']) npm(['pack', '--pack-destination', scratch, '--silent'], join(root, 'libs', lib));
    const tarballs = readdirSync(scratch).filter((f) => f.endsWith('.tgz'));
    expect(tarballs.sort()).toEqual(['rlpd-replay-buffer-0.1.0.tgz', 'rlpd-spaces-0.1.0.tgz']);
    // The packed files: compiled JS and type declarations, no sources or specs.
    const listing = execFileSync('tar', ['tzf', join(scratch, 'rlpd-replay-buffer-0.1.0.tgz')], { encoding: 'utf8' });
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing).not.toMatch(/\.spec\.|package\/src\//);

    const project = join(scratch, 'consumer');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
    npm(['install', '--prefer-offline', '--no-package-lock', ...tarballs.map((t) => join(scratch, t))], project);
    writeFileSync(
      join(project, 'use.mjs'),
      `import { ReplayBuffer, createBatch, createRng } from '@rlpd/replay-buffer';
import { box } from '@rlpd/spaces';
const observationSpace = { state: box([3], -1, 1) };
const buffer = new ReplayBuffer({ observationSpace, actionDim: 2, capacity: 8 });
for (let i = 0; i < 5; i++) {
  const s = Float32Array.of(i, i, i);
  buffer.insert({ observations: { state: s }, nextObservations: { state: s }, actions: Float32Array.of(i, -i), rewards: i, masks: 1, dones: false, intervened: false });
}
const batch = createBatch(observationSpace, 2, 4);
buffer.sampleInto(batch, 0, 4, createRng(1));
console.log(JSON.stringify({ size: buffer.size, rewards: Array.from(batch.rewards) }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' })) as { size: number; rewards: number[] };
    expect(out.size).toBe(5);
    expect(out.rewards).toHaveLength(4);
    for (const r of out.rewards) expect([0, 1, 2, 3, 4]).toContain(r);
  }, 120_000);
});
