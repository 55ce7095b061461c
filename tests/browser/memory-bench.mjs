// Memory benchmark: a 50,000-image 32x32x3 .zip loaded through the page and trained 2 epochs on
// the CPU; prints how much the browser's processes grew (RSS, all Chromium processes) after
// loading and after training, next to the pixels' own size; then the peak growth while a grid
// on that folder runs with 1 and with 2 workers (each grid worker gets one copy of the pixels).
// Prints numbers only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launchBrowser, newPage, openApp, waitForState } from './setup.mjs';
import { png, random, zip } from './images.mjs';

const IMAGES = 50_000;
const SIDE = 32;
const CLASSES = 10;

/** Resident memory of every Chromium process, in MB. */
function chromiumMb() {
  const out = execFileSync('ps', ['-eo', 'rss=,comm='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => /chrom/i.test(l)).reduce((kb, l) => kb + Number(l.trim().split(/\s+/)[0]), 0) / 1024;
}

const dir = mkdtempSync(join(tmpdir(), 'aula-memory-'));
const rng = random(7);
const files = {};
for (let i = 0; i < IMAGES; i++) {
  const c = i % CLASSES;
  const noise = Math.floor(rng() * 40);
  files[`big/class${c}/${i}.png`] = png(SIDE, SIDE, (x, y) => [(c * 25 + noise) % 256, (x * 8) % 256, (y * 8) % 256]);
}
const archive = join(dir, 'big.zip');
writeFileSync(archive, zip(files));
const pixelsMb = (IMAGES * SIDE * SIDE * 3) / 2 ** 20;

const server = await serveDist();
const browser = await launchBrowser({ webgpu: false });
try {
  const page = await newPage(browser, { prefix: '[memory]' });
  page.removeAllListeners('console');
  await openApp(page, server.url, { backend: 'cpu', dataset: 'folder', image_size: SIDE, epochs: 2, hidden: '128' });
  const idle = chromiumMb();
  const start = Date.now();
  await page.getByTestId('zip-input').setInputFiles(archive);
  await waitForState(page, ['idle'], 600_000);
  const loaded = chromiumMb();
  const loadSeconds = (Date.now() - start) / 1000;
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 900_000);
  const trained = chromiumMb();
  console.log(`memory: ${IMAGES} images ${SIDE}x${SIDE}x3 in a .zip (${pixelsMb.toFixed(0)} MB of pixels), loaded in ${loadSeconds.toFixed(0)} s`);
  console.log(`memory: Chromium processes ${idle.toFixed(0)} MB with the page open, +${(loaded - idle).toFixed(0)} MB after loading, +${(trained - idle).toFixed(0)} MB after training 2 epochs (MLP 3072-128-10, CPU)`);
  for (const workers of [1, 2]) {
    const before = chromiumMb();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, chromiumMb())), 250);
    await page.getByTestId('grid-spec').fill(workers === 1 ? 'lr=0.001,0.002' : 'lr=0.003,0.004');
    await page.getByTestId('grid-workers').fill(String(workers));
    await page.locator('[name="epochs"]').fill('1');
    await page.locator('[name="train_limit"]').fill('2000');
    await page.getByTestId('grid-run').click();
    await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 900_000 });
    clearInterval(sampler);
    console.log(`memory: a grid of 2 runs on that folder with ${workers} worker${workers === 1 ? '' : 's'} (1 epoch, 2,000 train images): peak +${(peak - before).toFixed(0)} MB over the loaded page (${pixelsMb.toFixed(0)} MB of pixels per copy)`);
  }
  await page.close();
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
