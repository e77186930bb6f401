import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
function bench(name, f, n=30) { for (let i=0;i<3;i++) tf.tidy(f); const t0=performance.now(); for (let i=0;i<n;i++) { tf.tidy(() => { const r = f(); r.dataSync(); }); } console.log(name, ((performance.now()-t0)/n/10).toFixed(4),'ms per op'); }
const s = tf.randomNormal([256,256]);
for (const [n, op] of Object.entries({tanh: tf.tanh, sigmoid: tf.sigmoid, exp: tf.exp, sqrt: tf.sqrt, rsqrt: tf.rsqrt, square: tf.square, neg: tf.neg, softplus: tf.softplus, log: tf.log, abs: tf.abs, relu: tf.relu, 
  mul: x => tf.mul(x, s), div: x => tf.div(x, s), sub: x=>tf.sub(x,s), mulScalar: x => tf.mul(x, 0.5), 
  addBias: x => tf.add(x, tf.ones([256])), 
  sum0: x => tf.add(x, tf.sum(x, 0)), meanLast: x => tf.add(x, tf.mean(x, -1, true)),
  tanhGrad: x => tf.mul(x, tf.sub(1, tf.square(s))) })) {
  bench(n, () => { let x=s; for (let i=0;i<10;i++) x = op(x); return x; }, 20);
}
