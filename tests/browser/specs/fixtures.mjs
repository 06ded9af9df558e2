// A real `sightline serve` per test, on a free loopback port with a fresh data dir: no spec
// sees another's sessions, technicians or sign-in throttles.
import { test as base, expect, request } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Starts `sightline serve` (or `bin`) on a free loopback port (`--listen 127.0.0.1:0`); ready
// once it prints its machine-readable line `{"event":"ready","url":...}`. Fails at once, with
// the output so far, when the server exits or prints a ready line that is not one.
export async function startServer(bin = process.env.SIGHTLINE_BIN, readyWithinMs = 60_000) {
  if (!bin) throw new Error('set SIGHTLINE_BIN to the sightline binary (scripts/test-all does)');
  const dataDir = mkdtempSync(join(tmpdir(), 'sightline-e2e-'));
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--admin-email', 'admin@e2e.example', '--rtc-loopback-only'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SIGHTLINE_LOG: 'warn' },
  });
  let output = '';
  const started = new Promise((resolve, reject) => {
    let password = null;
    let pending = '';
    const fail = (why) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}:\n${output}`));
    };
    const timer = setTimeout(() => fail('the server was not ready in time'), readyWithinMs);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const found = line.match(/with password (\S+)/);
        if (found) password = found[1];
        if (!line.startsWith('{')) continue;
        let event;
        try {
          event = JSON.parse(line);
        } catch {
          return fail(`the server printed a malformed ready line ${JSON.stringify(line)}`);
        }
        if (event.event !== 'ready') continue;
        if (typeof event.url !== 'string') return fail(`the ready line has no url: ${line}`);
        if (!password) return fail('the server was ready without printing the first admin\'s password');
        clearTimeout(timer);
        return resolve({ url: event.url, password });
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => fail(`the server exited with ${code}`));
  });
  let url, password;
  try {
    ({ url, password } = await started);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
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
// `codec: 'h264'` makes it push H.264 samples, as a phone with a hardware encoder does;
// `args` adds options, e.g. `--no-torch`.
export async function startPhone(server, code, { width = 640, height = 360, fps = 15, codec = 'vp8', args = [] } = {}) {
  const bin = process.env.SIGHTLINE_PHONE_BIN;
  if (!bin) throw new Error('set SIGHTLINE_PHONE_BIN to the sightline-virtual-phone binary (scripts/test-all does)');
  const child = spawn(bin, ['--server', server.url, '--loopback-only', '--width', String(width), '--height', String(height), '--fps', String(fps), '--codec', codec, ...args, code], {
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
    // Any command the phone reads on standard input, e.g. `audio busy headset`.
    command: (line) => child.stdin.write(`${line}\n`),
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
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
  },
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
