// A real `sightline serve` per test, on a free loopback port with a fresh data dir: no spec
// sees another's sessions, technicians or sign-in throttles.
import { test as base, expect, request } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// Starts `sightline serve` (or `bin`) on a free loopback port (`--listen 127.0.0.1:0`) with a
// fresh data dir and `args` added; ready once it prints its machine-readable line
// `{"event":"ready","url":...}`. Fails at once, with the output so far, when the server exits
// or prints a ready line that is not one. `crash()` kills it (SIGKILL) and `restart(args)`
// starts it again on the same address and data dir, as after a crash. `log` replaces the
// server's log filter (`SIGHTLINE_LOG`, `warn` otherwise) and `onLogLine` hears every line
// it writes to stderr.
export async function startServer(bin = process.env.SIGHTLINE_BIN, readyWithinMs = 60_000, args = [], { log = 'warn', onLogLine = null } = {}) {
  if (!bin) throw new Error('set SIGHTLINE_BIN to the sightline binary (scripts/test-all does)');
  const dataDir = mkdtempSync(join(tmpdir(), 'sightline-e2e-'));
  const serve = (listen, more, firstStart) => launch(bin, ['serve', '--listen', listen, '--data-dir', dataDir, '--admin-email', 'admin@e2e.example', '--rtc-loopback-only', ...more], readyWithinMs, firstStart, log, onLogLine);
  let run;
  try {
    run = await serve('127.0.0.1:0', args, true);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { url, password } = run;
  return {
    url,
    email: 'admin@e2e.example',
    password,
    async crash() {
      await run.kill('SIGKILL');
    },
    async restart(more = args) {
      run = await serve(new URL(url).host, more, false);
    },
    async stop() {
      await run.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// One run of the server: resolves once it is ready, with its url, the first admin's password
// (which only a `firstStart` must print) and `kill(signal)`, which resolves once it has exited.
async function launch(bin, args, readyWithinMs, firstStart, log, onLogLine) {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SIGHTLINE_LOG: log } });
  if (onLogLine) createInterface({ input: child.stderr }).on('line', onLogLine);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const kill = async (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  let output = '';
  const ready = await new Promise((resolve, reject) => {
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
        if (firstStart && !password) return fail('the server was ready without printing the first admin\'s password');
        clearTimeout(timer);
        return resolve({ url: event.url, password });
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => fail(`the server exited with ${code}`));
  });
  return { ...ready, kill };
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
    // Kills the phone's process outright: its app is gone without a word to the server.
    async crash() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
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

// The RGBA pixels of a region of a <video>'s or <img>'s picture: `x`, `y`, `width`, `height`
// normalised to the picture, drawn at most `maxWidth` columns wide (scaled down evenly).
// Returns { width, height, pictureWidth, pictureHeight, data } (data: RGBA bytes, row by
// row), or null while the element has no picture.
export async function grabPixels(locator, { x = 0, y = 0, width = 1, height = 1, maxWidth = Infinity } = {}) {
  return locator.evaluate((el, [nx, ny, nw, nh, limit]) => {
    const pw = el.videoWidth || el.naturalWidth;
    const ph = el.videoHeight || el.naturalHeight;
    if (!pw || !ph) return null;
    const sx = Math.max(0, Math.round(nx * pw));
    const sy = Math.max(0, Math.round(ny * ph));
    const sw = Math.max(1, Math.min(pw - sx, Math.round(nw * pw)));
    const sh = Math.max(1, Math.min(ph - sy, Math.round(nh * ph)));
    const scale = Math.min(1, limit / sw);
    const dw = Math.max(1, Math.round(sw * scale));
    const dh = Math.max(1, Math.round(sh * scale));
    const canvas = document.createElement('canvas');
    canvas.width = dw;
    canvas.height = dh;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(el, sx, sy, sw, sh, 0, 0, dw, dh);
    return { width: dw, height: dh, pictureWidth: pw, pictureHeight: ph, data: Array.from(ctx.getImageData(0, 0, dw, dh).data) };
  }, [x, y, width, height, maxWidth]);
}

// Whether the picture of `locator` is red somewhere around (x, y), normalised to the picture.
export async function redAt(locator, x, y) {
  const grabbed = await grabPixels(locator, { x: x - 0.007, y: y - 0.012, width: 0.014, height: 0.024 });
  if (!grabbed) return false;
  const d = grabbed.data;
  for (let i = 0; i < d.length; i += 4) if (d[i] > 150 && d[i + 1] < 110 && d[i + 2] < 110) return true;
  return false;
}

// Drags the mouse over the annotation layer from one normalised point of the picture to another.
export async function drag(page, from, to) {
  const box = await page.getByTestId('annotation-layer').boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(from));
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(...at([from[0] + ((to[0] - from[0]) * i) / 8, from[1] + ((to[1] - from[1]) * i) / 8]));
  await page.mouse.up();
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

// Tom Tech (a technician of the org) signs in on `page`, starts a session and the virtual
// phone joins it; resolves to the phone once the picture is live.
export async function tomsSessionWithPhone(page, server, phoneOptions = {}) {
  await addTechnician(server, { email: 'tom@e2e.example', displayName: 'Tom Tech', password: 'tom password 1' });
  await signIn(page, server, 'tom@e2e.example', 'tom password 1');
  await page.getByRole('button', { name: 'Start a session' }).click();
  const code = (await page.getByTestId('join-code').textContent()).replace(/ /g, '');
  const phone = await startPhone(server, code, phoneOptions);
  await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
  return phone;
}

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
