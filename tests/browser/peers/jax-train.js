// jax-js (`@jax-js/jax`) on the speed benchmark's recipes: the same networks as aula's and
// TF.js's (PyTorch's default init bounds, Adam 1e-3, softmax cross-entropy), one jit-compiled
// train step (forward, gradient and the Adam update fused by jax-js's compiler), the loss read
// back every step as a training loop does. Served from dist/bench/ beside jax-js itself.
import * as jax from './jax/index.js';

const { numpy: np, nn, lax, jit, valueAndGrad } = jax;

/** A small seeded generator, so every library starts from the same kind of weights. */
function uniform(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

function tensor(shape, bound, next) {
  const size = shape.reduce((a, b) => a * b, 1);
  return np.array(Float32Array.from({ length: size }, () => next() * bound)).reshape(shape);
}

/** Parameters as a flat list: [conv w, conv b]…, then [dense w, dense b]… (w as [in, out]). */
function parameters(recipe) {
  const next = uniform(1);
  const params = [];
  let features = recipe.shape[0];
  if (recipe.conv) {
    let channels = recipe.shape[2];
    for (const out of [32, 64]) {
      const bound = 1 / Math.sqrt(channels * 9);
      params.push(tensor([out, channels, 3, 3], bound, next), tensor([out], bound, next));
      channels = out;
    }
    features = channels * (recipe.shape[0] / 4) * (recipe.shape[1] / 4);
  }
  for (const out of [...(recipe.conv ? [128] : recipe.hidden), recipe.classes]) {
    const bound = 1 / Math.sqrt(features);
    params.push(tensor([features, out], bound, next), tensor([out], bound, next));
    features = out;
  }
  return params;
}

/** 2×2 max pooling, stride 2, on NCHW. */
function pool(x) {
  const [n, c, h, w] = x.shape;
  return np.max(x.reshape([n, c, h / 2, 2, w / 2, 2]), [3, 5]);
}

function forward(recipe, params, x) {
  let h = x;
  let i = 0;
  if (recipe.conv) {
    for (let block = 0; block < 2; block++) {
      const [w, b] = [params[i++], params[i++]];
      h = pool(nn.relu(lax.conv(h, w, [1, 1], 'SAME').add(b.reshape([1, -1, 1, 1]))));
    }
    h = h.reshape([recipe.batch, -1]);
  }
  const dense = (params.length - i) / 2;
  for (let layer = 0; layer < dense; layer++) {
    const [w, b] = [params[i++], params[i++]];
    h = np.matmul(h, w).add(b);
    if (layer < dense - 1) h = nn.relu(h);
  }
  return h;
}

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;

/**
 * Images/s over `steps` steps of a fresh model after a warm-up of `warmup` steps lasting at
 * least `warmupMs` after the first, and the first step's ms, on `device`.
 */
export async function trainSpeed(recipe, device, steps, warmup, warmupMs = 0) {
  await jax.init(device);
  jax.defaultDevice(device);
  const loss = (params, x, y) => nn.logSoftmax(forward(recipe, params, x), -1).mul(y).sum().mul(-1 / recipe.batch);
  // One step: loss and gradients, then Adam; `lrT` carries the bias correction of step t.
  const step = jit((params, m, v, x, y, lrT) => {
    const [value, grads] = valueAndGrad(loss)(params.map((p) => p.ref), x, y);
    const m2 = grads.map((g, i) => m[i].mul(B1).add(g.ref.mul(1 - B1)));
    const v2 = grads.map((g, i) => v[i].mul(B2).add(g.ref.mul(g).mul(1 - B2)));
    const p2 = params.map((p, i) => p.sub(lrT.ref.mul(m2[i].ref).div(np.sqrt(v2[i].ref).add(EPS))));
    lrT.dispose();
    return [value, p2, m2, v2];
  });
  const inputShape = recipe.conv ? [recipe.batch, recipe.shape[2], recipe.shape[0], recipe.shape[1]] : [recipe.batch, ...recipe.shape];
  const x = tensor(inputShape, 1, uniform(2));
  const labels = Array.from({ length: recipe.batch }, (_, i) => i % recipe.classes);
  const y = np.array(Float32Array.from({ length: recipe.batch * recipe.classes }, (_, k) => Number(labels[Math.floor(k / recipe.classes)] === k % recipe.classes)))
    .reshape([recipe.batch, recipe.classes]);
  let params, m, v, t;
  // Fresh weights and moments: the warm-up trains one model and the timed steps another, as
  // in aula's `speed` (a model learns one fixed batch by heart, and may then run slower).
  const fresh = () => {
    for (const a of [...(params ?? []), ...(m ?? []), ...(v ?? [])]) a.dispose();
    params = parameters(recipe);
    m = params.map((p) => np.zeros(p.shape));
    v = params.map((p) => np.zeros(p.shape));
    t = 0;
  };
  fresh();
  const once = async () => {
    t++;
    const lrT = 1e-3 * Math.sqrt(1 - B2 ** t) / (1 - B1 ** t);
    const [value, p2, m2, v2] = step(params, m, v, x.ref, y.ref, np.array(lrT));
    [params, m, v] = [p2, m2, v2];
    const read = await value.data();
    if (!Number.isFinite(read[0])) throw new Error(`loss ${read[0]} at step ${t}`);
    return read[0];
  };
  let began = performance.now();
  const firstLoss = await once();
  const first = performance.now() - began;
  for (let i = 1; i < warmup || performance.now() - began < first + warmupMs; i++) await once();
  fresh();
  await once(); // the fresh model's first step, untimed as in aula's `speed`
  began = performance.now();
  let lastLoss = firstLoss;
  for (let i = 0; i < steps; i++) lastLoss = await once();
  const rate = (steps * recipe.batch) / ((performance.now() - began) / 1000);
  for (const a of [...params, ...m, ...v, x, y]) a.dispose();
  step.dispose();
  return { rate, first, firstLoss, lastLoss };
}
