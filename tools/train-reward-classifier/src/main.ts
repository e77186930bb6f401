#!/usr/bin/env node
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { configFromArgv, createProgressBar } from '@rlpd/cli';
import { readArrayTreePickle, summarizeTransitionsPickle } from '@rlpd/replay-buffer';
import { createEnv } from '@rlpd/robot-env';
import { encodeSafetensors, initBackend, loadEncoder, REWARD_CLASSIFIER_METADATA, RewardClassifier } from '@rlpd/sac-agent';
import { trainRewardClassifierConfigSchema } from './config.js';
import { featuresOfFiles } from './labelled-frames.js';
import { splitRows } from './split-rows.js';

const config = configFromArgv(trainRewardClassifierConfigSchema, process.argv.slice(2), {
  command: 'npm run -s train-reward-classifier --',
  summary:
    "Trains a binary success classifier (logistic regression) on the frozen encoder's features of labelled frames, reports accuracy, precision and recall on held-out frames, and writes it for the actor's --reward-classifier. Prints one JSON summary line.",
});

try {
  await initBackend(config.backend, (line) => process.stderr.write(`${line}\n`));
  const specSource = await createEnv(config.task);
  const spec = specSource.spec;
  await specSource.close();
  const encoder = await loadEncoder(config.encoder, config.encoderWeights, { readArrayTree: readArrayTreePickle });
  let total = 0;
  for (const path of [...config.success, ...config.failure]) total += (await summarizeTransitionsPickle(path)).transitions;
  const bar = createProgressBar('encoding frames', total);
  const success = await featuresOfFiles(config.success, spec, encoder, (n) => bar.update(n));
  const failure = await featuresOfFiles(config.failure, spec, encoder, (n) => bar.update(success.length + n));
  bar.finish('', success.length + failure.length);
  const { train, heldOut } = splitRows(success, failure, config.holdoutFraction, config.seed);
  const classifier = RewardClassifier.train(train.features, train.labels, train.dim, { seed: config.seed });
  const metadata = {
    [REWARD_CLASSIFIER_METADATA.encoder]: encoder.name,
    [REWARD_CLASSIFIER_METADATA.digest]: encoder.weightsDigest,
    [REWARD_CLASSIFIER_METADATA.cameras]: encoder.cameras.join(','),
  };
  const out = resolve(config.out);
  mkdirSync(dirname(out), { recursive: true });
  const temp = `${out}.tmp-${process.pid}`;
  writeFileSync(temp, encodeSafetensors(classifier.toNamed(), metadata));
  renameSync(temp, out);
  encoder.dispose();
  const summary = {
    out,
    successFrames: success.length,
    failureFrames: failure.length,
    heldOut: classifier.score(heldOut.features, heldOut.labels),
    train: classifier.score(train.features, train.labels),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} catch (error) {
  process.stderr.write(`train-reward-classifier: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
