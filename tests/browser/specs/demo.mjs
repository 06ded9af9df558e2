// The demo binary as a newcomer runs it: started on a free loopback port with a data
// directory of the test's own, and the one session it lists opened.
import { expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { counterOf, readFrameCounter } from './fixtures.mjs';

// Starts the demo on a free loopback port; resolves with its URL and the sign-ins it printed.
export async function startDemo(dataDir) {
  const bin = process.env.SIGHTLINE_DEMO_BIN;
  if (!bin) throw new Error('set SIGHTLINE_DEMO_BIN to the sightline-demo binary (scripts/test-all does)');
  const child = spawn(bin, ['--listen', '127.0.0.1:0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SIGHTLINE_LOG: 'warn' },
  });
  let output = '';
  const started = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${output}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const lines = output.split('\n').slice(0, -1);
      const ready = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)).find((e) => e.event === 'ready');
      if (!ready) return;
      const signIns = [];
      lines.forEach((line, i) => {
        const email = line.match(/^\s+Sign in\s+(\S+)/);
        const password = lines[i + 1]?.match(/^\s+Password\s+(\S+)/);
        if (email && password) signIns.push({ email: email[1], password: password[1] });
      });
      clearTimeout(timer);
      resolve({ url: ready.url, signIns, printed: lines.join('\n') });
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the demo exited with ${code}:\n${output}`)); });
  });
  return {
    ...started,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

// The one session the demo lists, opened, with the phone's picture moving in it.
export async function openDemoSession(page) {
  const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Open' }) });
  await expect(rows).toHaveCount(1);
  await rows.getByRole('link', { name: 'Open' }).click();
  const video = page.getByTestId('live-video');
  const first = await counterOf(video);
  await expect.poll(() => readFrameCounter(video), { timeout: 30_000 }).toBeGreaterThan(first);
}
