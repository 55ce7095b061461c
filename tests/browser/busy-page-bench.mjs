// How long the page takes to answer a click while a small model ends many epochs a second: a
// 4-channel CNN on 300 demo images an epoch, on the CPU (about 20 epochs a second on a 2-core
// host). Clicks a checkbox ten times, 0.5 s apart, and prints each click's time (Playwright's
// click: the page must take the input and answer it), the long tasks (> 50 ms) the main thread
// ran meanwhile, and the epochs the run ended. Numbers only.
import { serveDist, launchBrowser, newPage, openApp, waitForState } from './setup.mjs';

const CLICKS = 10;

const server = await serveDist();
const browser = await launchBrowser({ webgpu: false });
try {
  const page = await newPage(browser, { prefix: '[busy-page-bench]' });
  page.removeAllListeners('console');
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(e.duration)))
      .observe({ type: 'longtask', buffered: true });
  });
  await openApp(page, server.url, { backend: 'cpu', model: 'cnn', conv_channels: '4', hidden: '16', epochs: 1000, train_limit: 300 });
  await page.getByTestId('train').click();
  await waitForState(page, ['training'], 60_000);
  await page.evaluate(() => (window.longTasks = []));
  const epochsAt = () => page.evaluate(() => document.querySelectorAll('[data-testid="epochs"] tbody tr').length);
  const start = Date.now();
  const first = await epochsAt();
  const clicks = [];
  for (let i = 0; i < CLICKS; i++) {
    const began = Date.now();
    await page.locator('#confusion-normalised').click({ timeout: 120_000 });
    clicks.push(Date.now() - began);
    await page.waitForTimeout(500);
  }
  const seconds = (Date.now() - start) / 1000;
  const epochs = (await epochsAt()) - first;
  const running = (await page.getByTestId('status').getAttribute('data-state')) === 'training';
  const long = await page.evaluate(() => window.longTasks);
  const ms = (v) => `${Math.round(v)} ms`;
  console.log(`busy page: ${CLICKS} clicks during a 4-channel CNN run on the CPU (${epochs} epochs in ${seconds.toFixed(1)} s, ` +
    `${(epochs / seconds).toFixed(1)} a second; ${running ? 'still training' : 'the run ended meanwhile'})`);
  console.log(`  each click: ${clicks.map(ms).join(', ')}; slowest ${ms(Math.max(...clicks))}`);
  console.log(`  long tasks: ${long.length}, ${ms(long.reduce((a, b) => a + b, 0))} in all, the longest ${ms(Math.max(0, ...long))}`);
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
