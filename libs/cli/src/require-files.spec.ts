import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError, refuseOverwrite, requireFiles } from './index.js';

const work = mkdtempSync(join(tmpdir(), 'rlpd-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const file = join(work, 'a.pkl');
writeFileSync(file, 'x');

describe('requireFiles and refuseOverwrite', () => {
  it('name the flag and the absolute path of a missing file or a directory', () => {
    expect(() => requireFiles('demo-path', [file])).not.toThrow();
    expect(() => requireFiles('demo-path', [join(work, 'x.pkl')])).toThrow(`--demo-path: ${join(work, 'x.pkl')} not found`);
    expect(() => requireFiles('demo-path', [work])).toThrow(`--demo-path: ${work} is a directory, expected a file`);
  });
  it('refuse an existing output unless forced', () => {
    expect(() => refuseOverwrite('out', file, false)).toThrow(CliError);
    expect(() => refuseOverwrite('out', file, false)).toThrow(/already exists; choose another --out, or pass --force/);
    expect(() => refuseOverwrite('out', file, true)).not.toThrow();
    expect(() => refuseOverwrite('out', join(work, 'new.pkl'), false)).not.toThrow();
  });
});
