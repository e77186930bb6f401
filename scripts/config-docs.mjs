#!/usr/bin/env node
// Regenerates docs/configuration.md from the programs' own --help (the zod schemas are the
// single source of truth for flags and defaults). Run after changing a config schema:
//   npm run build && node scripts/config-docs.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const programs = [
  ['npm start', 'tools/start/dist/main.js'],
  ['learner (`npm run -s learner -- …`, or `npx nx run learner:serve -- …`)', 'apps/learner/dist/main.js'],
  ['actor (`npm run -s actor -- …`, or `npx nx run actor:serve -- …`)', 'apps/actor/dist/main.js'],
  ['record-demos (`npm run -s record-demos -- …`)', 'tools/record-demos/dist/main.js'],
  ['pretrain-encoder (`npm run -s pretrain-encoder -- …`)', 'tools/pretrain-encoder/dist/main.js'],
  ['train-reward-classifier (`npm run -s train-reward-classifier -- …`)', 'tools/train-reward-classifier/dist/main.js'],
  ['inspect serve (`npm run -s inspect -- serve …`)', 'apps/inspector/dist/main.js', 'serve'],
  ['sim-robot-server (`npm run -s sim-robot-server -- …`)', 'tools/sim-robot-server/dist/main.js'],
  ['robot-check (`npm run -s robot-check -- …`)', 'tools/robot-check/dist/main.js'],
  ['experiment (`npm run -s experiment -- …`)', 'tools/experiment/dist/main.js'],
];
const intro = readFileSync(join(root, 'docs/configuration.intro.md'), 'utf8');
const sections = programs.map(([title, script, ...command]) => {
  const help = execFileSync(process.execPath, [join(root, script), ...command, '--help'], { encoding: 'utf8' });
  return `## ${title}\n\n\`\`\`text\n${help.trimEnd()}\n\`\`\`\n`;
});
writeFileSync(join(root, 'docs/configuration.md'), `${intro.trimEnd()}\n\n${sections.join('\n')}`);
console.log('wrote docs/configuration.md');
