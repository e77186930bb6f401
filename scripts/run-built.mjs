#!/usr/bin/env node
// Builds every project through Nx (cached, so usually instant) and then runs one built entry
// point with the remaining arguments, in the directory the user typed the command in (npm and
// npx set INIT_CWD to it; `npm run` itself runs scripts from the repository root), so relative
// paths in flags mean what the user meant. The build's own output is shown only when it fails,
// so `npm run -s inspect -- summary f.pkl --json` prints nothing but its result. The program's
// exit code is passed on unchanged.
//
//   node scripts/run-built.mjs [--no-build] [--nx] <entry.js> [args...]
// --nx: launched by an Nx target (see relay below). --no-build, or RLPD_NO_BUILD=1 in the
// environment (tests that built once), skips the build check.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, openSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const launcherFlags = new Set();
const argv = process.argv.slice(2);
while (argv[0] === '--no-build' || argv[0] === '--nx') launcherFlags.add(argv.shift());
const skipBuild = launcherFlags.has('--no-build') || process.env.RLPD_NO_BUILD === '1';
const underNx = launcherFlags.has('--nx');
const [entry, ...args] = argv;
if (!entry) {
  console.error('usage: node scripts/run-built.mjs [--no-build] [--nx] <entry.js> [args...]');
  process.exit(2);
}
// Ctrl-C reaches the child through the terminal's process group; the child decides how to stop
// (e.g. save a checkpoint), and this launcher waits for it instead of dying first. A signal
// sent to this process alone (kill <pid>) is passed on; the program treats a repeat within a
// moment as the same request. Ctrl-C during the build stops before the program starts.
let interrupted = false;
let child = null;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = true;
    if (child === null) process.exit(130);
    if (signal !== 'SIGINT') child.kill(signal);
  });
}
if (!skipBuild) build();
const userDir = userDirectory();
// Under Nx the program's output goes through Nx, which exits at once on Ctrl-C: the program's
// last lines (final checkpoint, JSON summary) would be lost, so they are relayed here and, once
// Nx is gone, written to the terminal directly.
child = spawn(process.execPath, [join(root, entry), ...args], { stdio: ['inherit', underNx ? 'pipe' : 'inherit', underNx ? 'pipe' : 'inherit'], cwd: userDir });
if (underNx) {
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
}
// 'close' comes after the child's output is relayed; exiting by exitCode lets our writes drain.
child.on('close', (code, signal) => {
  process.exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 2);
});

function userDirectory() {
  const dir = process.env.INIT_CWD;
  if (dir && existsSync(dir) && statSync(dir).isDirectory()) return dir;
  return process.cwd();
}

/**
 * Copies a child's stream to ours. After an interrupt Nx is gone (it exits at once on Ctrl-C),
 * and with it the pipe we write to: from then on the terminal gets the lines, when there is one.
 */
function relay(from, to) {
  let terminal;
  from.on('data', (chunk) => {
    if (interrupted && terminal === undefined) terminal = openTerminal();
    (interrupted && terminal ? terminal : to).write(chunk);
  });
  to.on('error', () => undefined); // a closed pipe: nothing more can be shown there
}

function openTerminal() {
  try {
    const stream = createWriteStream('', { fd: openSync('/dev/tty', 'w') });
    stream.on('error', () => undefined);
    return stream;
  } catch {
    return null; // no controlling terminal (CI, a service)
  }
}

function build() {
  const nxBin = join(root, 'node_modules', 'nx', 'bin', 'nx.js');
  if (!existsSync(nxBin)) {
    console.error('node_modules/nx is missing: run `npm ci` first.');
    process.exit(2);
  }
  const releaseLock = acquireBuildLock(join(root, 'node_modules', '.rlpd-build.lock'));
  const result = spawnSync(process.execPath, [nxBin, 'run-many', '-t', 'build', '--outputStyle=static'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });
  releaseLock();
  if (result.signal !== null) process.exit(130); // Ctrl-C while building
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    console.error(`build failed (exit ${result.status}); nothing was run.`);
    process.exit(result.status ?? 1);
  }
}

/**
 * Two launches at once (say two experiments side by side) would rebuild the same dist/ folders
 * concurrently (each build starts with `rm -rf dist`) and break each other: builds take turns
 * through a lock directory holding the owner's pid. A lock whose owner is gone is taken over.
 */
function acquireBuildLock(lockDir) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 15 * 60_000;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    if (lockOwnerIsGone(lockDir)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      console.error(`another launch has held the build lock ${lockDir} for 15 minutes; remove it if no build is running`);
      process.exit(1);
    }
    if (!told) console.error('waiting for another launch to finish building...');
    told = true;
    Atomics.wait(pause, 0, 0, 200);
  }
}

function lockOwnerIsGone(lockDir) {
  let pid;
  try {
    pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
  } catch {
    // Created but no pid yet: the owner is writing it, unless that was long ago.
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 60_000;
    } catch {
      return false; // released meanwhile
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return err.code === 'ESRCH';
  }
}
