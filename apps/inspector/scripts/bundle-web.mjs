#!/usr/bin/env node
// Bundles the inspector's page (src/web/main.ts with uPlot and zod) into dist/web/app.js with
// esbuild and copies the static files beside it, so the server needs no network (no CDN).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const project = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(project, 'dist', 'web');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(project, 'src', 'web', 'main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
copyFileSync(require.resolve('uplot/dist/uPlot.min.css'), join(out, 'uplot.min.css'));
for (const file of ['index.html', 'app.css']) copyFileSync(join(project, 'src', 'web', file), join(out, file));
