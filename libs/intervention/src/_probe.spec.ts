import { it } from 'vitest';
import { createPickCubeEnv } from '@rlpd/robot-env';
import { pickCubeOracleAction } from './index.js';
import { mulberry32 } from './internal/mulberry32.js';
it('probe', async () => {
  const env = await createPickCubeEnv();
  for (const noise of [0, 0.1, 0.3]) {
    const rng = mulberry32(3);
    let ever = 0, end = 0, stepsToSucc = 0, term = 0;
    for (let seed = 0; seed < 100; seed++) {
      let { observation } = await env.reset({ seed: 1000 + seed });
      let first = -1; let last = false;
      for (let t = 0; t < 100; t++) {
        const r = await env.step(pickCubeOracleAction(observation, rng, noise));
        observation = r.observation; last = r.info.success;
        if (last && first < 0) first = t;
        if (r.terminated) { term++; break; }
      }
      if (first >= 0) { ever++; stepsToSucc += first; }
      if (last) end++;
    }
    console.log(`noise ${noise}: ever ${ever}/100 end ${end}/100 term ${term} mean steps to success ${(stepsToSucc / ever).toFixed(1)}`);
  }
  await env.close();
}, 120000);
