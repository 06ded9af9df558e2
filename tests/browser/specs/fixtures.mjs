// A real `sightline serve` per test worker, on a free loopback port with a fresh data dir.
import { test as base, expect, request } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Starts `sightline serve` on a free loopback port (`--listen 127.0.0.1:0`); ready once it
// prints its machine-readable line `{"event":"ready","url":...}`.
export async function startServer() {
  const bin = process.env.SIGHTLINE_BIN;
  if (!bin) throw new Error('set SIGHTLINE_BIN to the sightline binary (scripts/test-all does)');
  const dataDir = mkdtempSync(join(tmpdir(), 'sightline-e2e-'));
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--admin-email', 'admin@e2e.example', '--rtc-loopback-only'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SIGHTLINE_LOG: 'warn' },
  });
  let output = '';
  const { url, password } = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = output.match(/with password (\S+)/);
      const ready = output.split('\n').slice(0, -1).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)).find((e) => e.event === 'ready');
      if (found && ready) {
        clearTimeout(timer);
        resolve({ url: ready.url, password: found[1] });
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${output}`)); });
  });
  return {
    url,
    email: 'admin@e2e.example',
    password,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// The virtual phone joined to a session with `code`; resolves once it has joined.
// `args` adds options, e.g. `--no-torch`.
export async function startPhone(server, code, { width = 640, height = 360, fps = 15, args = [] } = {}) {
  const bin = process.env.SIGHTLINE_PHONE_BIN;
  if (!bin) throw new Error('set SIGHTLINE_PHONE_BIN to the sightline-virtual-phone binary (scripts/test-all does)');
  const child = spawn(bin, ['--server', server.url, '--loopback-only', '--width', String(width), '--height', String(height), '--fps', String(fps), ...args, code], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the phone did not join:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('SignalingConnected')) { clearTimeout(timer); resolve(); }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (exitCode) => { clearTimeout(timer); reject(new Error(`the phone exited with ${exitCode}:\n${output}`)); });
  });
  return {
    output: () => output,
    // Simulates a network change on the phone (Wi-Fi ↔ cellular).
    networkChange: () => child.stdin.write('network-change\n'),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

// Reads the virtual phone's frame counter from the decoded video (layout documented in
// virtual-phone/src/counter.rs): null when the picture does not carry a valid strip.
export async function readFrameCounter(video) {
  return video.evaluate((v) => {
    const w = v.videoWidth, hgt = v.videoHeight;
    if (!w || !hgt) return null;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = hgt;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(v, 0, 0, w, hgt);
    const cell = Math.max(4, Math.floor(w / 80));
    const lum = (i) => {
      const d = ctx.getImageData(cell + i * cell + cell / 4, cell + cell / 4, cell / 2, cell / 2).data;
      let s = 0;
      for (let k = 0; k < d.length; k += 4) s += d[k] + d[k + 1] + d[k + 2];
      return s / (d.length / 4);
    };
    const white = (lum(0) + lum(2)) / 2, black = (lum(1) + lum(3)) / 2, t = (white + black) / 2;
    let n = 0;
    for (let i = 0; i < 32; i++) n = n * 2 + (lum(4 + i) > t ? 1 : 0);
    let check = 0;
    for (let i = 0; i < 8; i++) check = check * 2 + (lum(36 + i) > t ? 1 : 0);
    const ok = white - black > 100 && check === ((n ^ (n >>> 8) ^ (n >>> 16) ^ (n >>> 24)) & 0xff);
    return ok ? n : null;
  });
}

// Waits until the video shows a valid frame counter and returns it.
export async function counterOf(video) {
  let value = null;
  await expect.poll(async () => (value = await readFrameCounter(video)), { timeout: 30_000 }).not.toBeNull();
  return value;
}

export const test = base.extend({
  server: [async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
  }, { scope: 'worker' }],
});

export async function signIn(page, server, email = server.email, password = server.password) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
}

export { expect };

// Adds a technician to the org through the API, signed in as the admin.
export async function addTechnician(server, { email, displayName, password }) {
  const api = await request.newContext({ baseURL: server.url });
  try {
    const login = await api.post('/api/auth/login', { data: { email: server.email, password: server.password } });
    expect(login.status()).toBe(200);
    const { csrf_token: csrf } = await login.json();
    const created = await api.post('/api/technicians', {
      data: { email, display_name: displayName, password },
      headers: { 'X-CSRF-Token': csrf },
    });
    expect(created.status()).toBe(201);
    return created.json();
  } finally {
    await api.dispose();
  }
}
