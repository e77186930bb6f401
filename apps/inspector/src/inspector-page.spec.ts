import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTransitionsPickle } from '@rlpd/replay-buffer';
import { box, type Transition } from '@rlpd/spaces';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Debian's chromium (`.ci/run` installs it); playwright's own browser downloads are not used. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const main = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
/** Set to a folder (e.g. docs/images) to save the page's screenshots there while testing. */
const screenshots = process.env.INSPECTOR_SCREENSHOTS;

const SIZE = 32;
const EPISODE_LENGTHS = [12, 8, 5];

/** A camera frame: a gradient background with a square that moves with the step; `hue` tells cameras apart. */
function frame(step: number, hue: 0 | 1): Uint8Array {
  const pixels = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const p = (y * SIZE + x) * 3;
      const inSquare = Math.abs(x - 4 - step * 2) < 4 && Math.abs(y - 16) < 4;
      pixels[p] = inSquare ? 255 : hue === 0 ? 40 + x * 4 : 20;
      pixels[p + 1] = inSquare ? 220 : 30 + y * 3;
      pixels[p + 2] = inSquare ? 0 : hue === 1 ? 60 + x * 5 : 90;
    }
  }
  return pixels;
}

/** Three episodes (12, 8 and 5 steps); the second has an intervention on steps 2-4; the first and third succeed. */
function fixture(): Transition[] {
  const out: Transition[] = [];
  EPISODE_LENGTHS.forEach((length, e) => {
    for (let i = 0; i < length; i++) {
      const last = i === length - 1;
      const success = last && e !== 1;
      const state = (k: number): Float32Array => Float32Array.of(Math.sin(k / 3), Math.cos(k / 3), k / length, e);
      out.push({
        observations: { state: state(i), front: frame(i, 0), wrist: frame(i, 1) },
        nextObservations: { state: state(i + 1), front: frame(i + 1, 0), wrist: frame(i + 1, 1) },
        actions: Float32Array.of(Math.sin(i), -0.5, i / length),
        rewards: success ? 1 : 0,
        masks: success ? 0 : 1,
        dones: last,
        intervened: e === 1 && i >= 2 && i <= 4,
        success,
      });
    }
  });
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'rlpd-inspector-page-'));
const demo = join(work, 'two-cameras.pkl');
/** Bad inputs and the problem each one's page and terminal message must name. */
const badFiles = [
  { file: join(work, 'not-a-pickle.pkl'), problem: 'byte 0: not a pickle' },
  { file: join(work, 'truncated.pkl'), problem: 'unexpected end of file' },
  { file: join(work, 'an-int.pkl'), problem: 'expected a list of transition dicts, got int' },
];
const runDir = join(work, 'run-a');
const otherRunDir = join(work, 'run-b');
let server: ChildProcessWithoutNullStreams;
let serverLog = '';
let url = '';
let context: BrowserContext;
let page: Page;

/** A metrics.jsonl line as the learner writes it (apps/learner/src/metrics-log.ts). */
function metricsLine(record: Record<string, number | string | boolean>): string {
  return `${JSON.stringify(record)}\n`;
}

beforeAll(async () => {
  await writeTransitionsPickle(demo, fixture(), {
    observationSpace: { state: box([4], -10, 10), front: box([1, SIZE, SIZE, 3], 0, 255, 'uint8'), wrist: box([SIZE, SIZE, 3], 0, 255, 'uint8') },
  });
  writeFileSync(badFiles[0].file, 'step,reward\n0,1\n');
  const bytes = readFileSync(demo);
  writeFileSync(badFiles[1].file, bytes.subarray(0, bytes.length >> 1));
  writeFileSync(badFiles[2].file, Uint8Array.of(0x80, 4, 0x4b, 5, 0x2e)); // pickle.dumps(5, protocol=4)
  mkdirSync(runDir);
  const t0 = 1_700_000_000;
  const lines = [
    metricsLine({ wallTime: t0, event: 'phase', phase: 'loading-demos', learnerStep: 0, elapsedSeconds: 0 }),
    metricsLine({ wallTime: t0 + 1, event: 'phase', phase: 'pretraining', learnerStep: 0, elapsedSeconds: 1 }),
    metricsLine({ wallTime: t0 + 1.5, phase: 'pretraining', pretrainStep: 10, 'critic/critic_loss': 3 }),
    metricsLine({ wallTime: t0 + 2, event: 'phase', phase: 'waiting-for-data', learnerStep: 0, elapsedSeconds: 2 }),
    metricsLine({ wallTime: t0 + 5, event: 'phase', phase: 'training', learnerStep: 0, elapsedSeconds: 5 }),
  ];
  for (let k = 1; k <= 5; k++) {
    lines.push(
      metricsLine({ wallTime: t0 + 5 + k, step: k * 10, 'critic/critic_loss': 1 / k, 'critic/predicted_qs': k / 10, 'actor/temperature': 0.1 - k * 0.01 }),
    );
    lines.push(
      metricsLine({
        wallTime: t0 + 5.5 + k,
        step: k * 10,
        'environment/episode/r': k % 2,
        'environment/episode/l': 20,
        'environment/episode/success': k % 2 === 1,
        'environment/episode/intervention_steps': 5 - k,
      }),
    );
  }
  writeFileSync(join(runDir, 'metrics.jsonl'), lines.join(''));
  mkdirSync(otherRunDir);
  const other = [1, 2, 3].map((k) =>
    metricsLine({ wallTime: t0 + 100 + k, step: k * 15, 'critic/critic_loss': 2 / k, 'critic/predicted_qs': k / 5, 'actor/temperature': 0.1 }),
  );
  writeFileSync(join(otherRunDir, 'metrics.jsonl'), other.join(''));

  server = spawn(process.execPath, [main, 'serve', demo, ...badFiles.map((b) => b.file), '--run', runDir, '--run', otherRunDir, '--port', '0'], {
    stdio: 'pipe',
  });
  server.stderr.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
  url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /open (http:\/\/\S+)/.exec(out);
      if (m) resolveUrl(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`inspect serve exited with ${code}: ${serverLog}`)));
  });
  context = await chromium.launchPersistentContext(join(work, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  await context?.close();
  server?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

/** How many of a canvas's RGB values differ from black, and the RGB of pixel (x, y). */
async function canvasPixels(camera: string, x: number, y: number): Promise<{ nonBlack: number; pixel: number[] }> {
  return page.$eval(
    `canvas[data-camera="${camera}"]`,
    (canvas, [px, py]) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray(0);
      let nonBlack = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 0) nonBlack++;
      const at = (py * c.width + px) * 4;
      return { nonBlack, pixel: [data[at], data[at + 1], data[at + 2]] };
    },
    [x, y],
  );
}

describe('inspect serve in chromium', { timeout: 60_000 }, () => {
  it('shows the totals and the episode list of a two-camera pickle', async () => {
    await page.goto(url);
    const totals = page.locator('.totals');
    await totals.waitFor();
    const text = await totals.textContent();
    expect(text).toContain('two-cameras.pkl: 25 transitions, 3 episodes');
    expect(text).toContain(`front ${SIZE}×${SIZE}×3`);
    expect(text).toContain(`wrist ${SIZE}×${SIZE}×3`);
    expect(text).toContain('state size 4, action size 3');
    const rows = page.locator('.episodes tbody tr');
    expect(await rows.count()).toBe(3);
    // episode 1: 8 steps, failed, one intervention of 3 steps
    expect(await rows.nth(1).locator('td').allTextContents()).toEqual(['1', '8', '0.00', 'no', '1', '3']);
  });

  it("selects an episode, steps a frame and draws it on the cameras' canvases", async () => {
    await page.locator('.episodes tbody tr').nth(1).click();
    await page.locator('h3', { hasText: 'Episode 1' }).waitFor();
    await page.locator('.step', { hasText: 'step 0 / 7 (transition 12)' }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.locator('.step', { hasText: 'step 2 / 7 (transition 14) · intervened' }).waitFor();
    // The frame arrives after the label: wait until the square (at x = 4 + 2 * step) is drawn.
    await expect.poll(async () => (await canvasPixels('front', 8, 16)).pixel, { timeout: 10_000 }).toEqual([255, 220, 0]);
    const front = await canvasPixels('front', 0, 0);
    expect(front.nonBlack).toBe(SIZE * SIZE);
    expect(front.pixel).toEqual([40, 30, 90]);
    expect((await canvasPixels('wrist', 31, 0)).pixel).toEqual([20, 30, 60 + 31 * 5]);
    // one plot per state dim, action dim and the reward
    expect(await page.locator('.plot').count()).toBe(4 + 3 + 1);
    if (screenshots) await page.screenshot({ path: join(screenshots, 'inspector-episode.png'), fullPage: true });
    await page.keyboard.press('ArrowDown');
    await page.locator('h3', { hasText: 'Episode 2' }).waitFor();
    await page.locator('.step', { hasText: 'step 0 / 4 (transition 20)' }).waitFor();
    await page.keyboard.press(' ');
    await page.locator('.step', { hasText: 'step 4 / 4 (transition 24)' }).waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await canvasPixels('front', 12, 16)).pixel, { timeout: 10_000 }).toEqual([255, 220, 0]);
  });

  it('shows a clear error page for a non-pickle, a truncated pickle and a non-list, and keeps serving the others', async () => {
    for (const [i, { file, problem }] of badFiles.entries()) {
      await page.goto(`${url}#file/${i + 1}`);
      const error = page.locator('.error');
      await error.waitFor();
      expect(await error.textContent()).toContain(`${file}: `);
      expect(await error.textContent()).toContain(problem);
      expect(serverLog).toMatch(new RegExp(`cannot show ${file}: .*${problem}`));
      if (screenshots && i === 0) await page.screenshot({ path: join(screenshots, 'inspector-bad-file.png') });
    }
    await page.goto(`${url}#file/0`);
    await page.locator('.totals', { hasText: '25 transitions' }).waitFor();
  });

  it('charts two run folders overlaid and grows the curves as metrics.jsonl is appended', async () => {
    await page.goto(`${url}#runs`);
    const loss = page.locator('.chart[data-chart="criticLoss"]');
    // run-a has 5 update lines, run-b 3
    await expect.poll(() => loss.getAttribute('data-points'), { timeout: 10_000 }).toBe('8');
    expect(await page.locator('.chart[data-chart="successRate"]').getAttribute('data-points')).toBe('5');
    expect(await page.locator('.chart[data-chart="updatesPerSecond"]').getAttribute('data-points')).toBe(String(4 + 2));
    expect(await loss.locator('.u-legend .u-series').allTextContents()).toEqual([
      expect.stringContaining('step'),
      expect.stringContaining('run-a'),
      expect.stringContaining('run-b'),
    ]);
    if (screenshots) await page.screenshot({ path: join(screenshots, 'inspector-run.png'), fullPage: true });
    appendFileSync(
      join(runDir, 'metrics.jsonl'),
      metricsLine({ wallTime: 1_700_000_020, step: 60, 'critic/critic_loss': 0.1, 'critic/predicted_qs': 0.7, 'actor/temperature': 0.04 }),
    );
    await expect.poll(() => loss.getAttribute('data-points'), { timeout: 10_000 }).toBe('9');
    expect(await loss.locator('h4').textContent()).toBe('critic loss · 9 points');
    await page.locator('select').selectOption('time');
    await expect.poll(() => loss.getAttribute('data-points')).toBe('9');
  });
});
