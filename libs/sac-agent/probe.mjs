import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
function bench(name, f, n=30) { for (let i=0;i<3;i++) tf.tidy(f); const t0=performance.now(); for (let i=0;i<n;i++) { tf.tidy(() => { const r = f(); (Array.isArray(r)? r[r.length-1] : r).dataSync(); }); } console.log(name.padEnd(30), ((performance.now()-t0)/n).toFixed(3),'ms'); }
const sizes = [3584,256,256,256,65536,256,256,256,256,1, 3584,256,256,256,65536,256,256,256,256,1];
const total = sizes.reduce((a,b)=>a+b); const flat = tf.randomNormal([total]);
bench('split', () => tf.split(flat, sizes));
bench('slices', () => { let off=0; return sizes.map(s => { const r = tf.slice(flat, off, s); off += s; return r; }); });
const dy = tf.randomNormal([256,256]);
bench('sum0', () => tf.sum(dy, 0));
bench('ones·dy', () => tf.matMul(tf.ones([1,256]), dy));
bench('ones8·dy', () => tf.matMul(tf.ones([8,256]), dy));
bench('sum(T,-1)', () => tf.sum(tf.transpose(dy), -1));
bench('T·ones', () => tf.matMul(tf.transpose(dy), tf.ones([256,1])));
bench('mm 256', () => tf.matMul(dy, dy));
bench('transpose', () => tf.transpose(dy));
bench('mean[256]', () => tf.mean(tf.randomNormal([256])), 100);
bench('clone', () => tf.clone(dy), 100);
bench('concat', () => tf.concat([flat, flat]), 100);
