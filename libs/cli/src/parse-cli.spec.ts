import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CliError, parseCli } from './index.js';

const schema = z.object({
  port: z.number().int().min(0).max(65535).default(5588).describe('Port to listen on.'),
  demoPath: z.array(z.string()).default([]).describe('Demo pickle to load.'),
  resume: z.boolean().default(false).describe('Resume from the latest checkpoint.'),
  intervener: z.enum(['none', 'oracle']).default('none').describe('Who intervenes.'),
  token: z.string().describe('Shared secret.'),
});
const info = { command: 'learner', summary: 'Trains.' };

describe('parseCli', () => {
  it('applies defaults and converts kebab-case flags', () => {
    const r = parseCli(schema, ['--token', 't', '--demo-path', 'a.pkl', '--demo-path', 'b.pkl', '--resume'], info);
    expect(r).toEqual({
      kind: 'config',
      config: { port: 5588, demoPath: ['a.pkl', 'b.pkl'], resume: true, intervener: 'none', token: 't' },
      positionals: [],
    });
  });
  it('supports --no-flag and numbers', () => {
    const r = parseCli(schema, ['--token=t', '--no-resume', '--port', '0'], info);
    expect(r.kind === 'config' && r.config.port === 0 && r.config.resume === false).toBe(true);
  });
  it('names the flag and the expectation on bad input', () => {
    expect(() => parseCli(schema, ['--token', 't', '--port', 'abc'], info)).toThrow("--port: expected a number, got 'abc'");
    expect(() => parseCli(schema, ['--token', 't', '--port', '70000'], info)).toThrow(/--port: .*65535.*got 70000/);
    expect(() => parseCli(schema, ['--token', 't', '--intervener', 'ghost'], info)).toThrow(/--intervener: .*'none' \| 'oracle'/);
    expect(() => parseCli(schema, ['--bogus'], info)).toThrow(CliError);
    expect(() => parseCli(schema, [], info)).toThrow(/--token: Required/);
  });
  it('takes a negative number after a flag as its value', () => {
    const signed = z.object({ seed: z.number().int().default(0), batchSize: z.number().int().min(2).default(256) });
    const r = parseCli(signed, ['--seed', '-5'], info);
    expect(r.kind === 'config' && r.config.seed).toBe(-5);
    expect(() => parseCli(signed, ['--batch-size', '-5'], info)).toThrow(/^--batch-size: .*2 \(got -5\)$/);
  });
  it('suggests the closest flag for an unknown or snake_case one', () => {
    expect(() => parseCli(schema, ['--demo_path', 'a.pkl'], info)).toThrow('unknown flag --demo_path; did you mean --demo-path?');
    expect(() => parseCli(schema, ['--demoPath=a.pkl'], info)).toThrow('did you mean --demo-path?');
    expect(() => parseCli(schema, ['--prot', '1'], info)).toThrow('unknown flag --prot; did you mean --port?');
    expect(() => parseCli(schema, ['--zzzzzzzz'], info)).toThrow('unknown flag --zzzzzzzz; see learner --help for the flags');
  });
  it('takes number lists comma-separated as well as repeated, but not paths', () => {
    const lists = z.object({ hiddenDims: z.array(z.number()).default([]), demoPath: z.array(z.string()).default([]) });
    for (const argv of [
      ['--hidden-dims', '256,128'],
      ['--hidden-dims', '256', '--hidden-dims', '128'],
    ]) {
      const r = parseCli(lists, argv, info);
      expect(r.kind === 'config' && r.config.hiddenDims).toEqual([256, 128]);
    }
    const r = parseCli(lists, ['--demo-path', 'a,b.pkl'], info);
    expect(r.kind === 'config' && r.config.demoPath).toEqual(['a,b.pkl']);
  });
  it('accepts positionals only when the program names them', () => {
    expect(() => parseCli(schema, ['--token', 't', 'x.pkl'], info)).toThrow(CliError);
    const r = parseCli(schema, ['x.pkl', '--token', 't', 'y.pkl'], { ...info, positionals: ['FILE...'] });
    expect(r.kind === 'config' && r.positionals).toEqual(['x.pkl', 'y.pkl']);
  });
  it('renders help with every flag, its description and its default', () => {
    const r = parseCli(schema, ['--help'], info);
    expect(r.kind).toBe('help');
    const text = r.kind === 'help' ? r.text : '';
    expect(text).toContain('Usage: learner [flags]');
    expect(text).toMatch(/--port <n>\s+Port to listen on\. \(default: 5588\)/);
    expect(text).toMatch(/--demo-path <text>\s+Demo pickle to load\. Repeatable\. \(default: none\)/);
    expect(text).toMatch(/--intervener <none\|oracle>\s+Who intervenes\. one of: none, oracle\. \(default: none\)/);
    expect(text).toMatch(/--token <text>\s+Shared secret\. \(required\)/);
  });
});
