#!/usr/bin/env node
// Builds every project through Nx (cached, so usually instant) and then runs one built entry
// point with the remaining arguments. The build's own output is shown only when it fails, so
// commands such as `npm run -s inspect -- summary f.pkl --json` print nothing but their result.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-built.mjs <entry.js> [args...]');
  process.exit(2);
}
const nxBin = join(root, 'node_modules', 'nx', 'bin', 'nx.js');
if (!existsSync(nxBin)) {
  console.error('node_modules/nx is missing: run `npm ci` first.');
  process.exit(2);
}
const build = spawnSync(process.execPath, [nxBin, 'run-many', '-t', 'build', '--outputStyle=static'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
});
if (build.status !== 0) {
  process.stderr.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  console.error(`build failed (exit ${build.status}); nothing was run.`);
  process.exit(build.status ?? 1);
}
const child = spawn(process.execPath, [join(root, entry), ...args], { stdio: 'inherit', cwd: process.cwd() });
// Ctrl-C reaches the child through the terminal's process group; the child decides how to stop
// (e.g. save a checkpoint), and this launcher waits for it instead of dying first.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
