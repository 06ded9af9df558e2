// Live-camera benchmarks in Debian's Chromium (run by bench/live/run.sh):
//
// 1. join-to-first-frame, over JOINS joins in each of two cases: a technician waiting in
//    the console before the phone joins (from the phone's `join` to the first frame the
//    console paints, requestVideoFrameCallback), and a technician opening the console of a
//    live phone (from the page's navigation start). Each join is taken apart into steps:
//    the phone's (the SDK's `sightline_join` trace), the relay's (the same trace in the
//    server's log) and the console page's (its RTCPeerConnection's events and the frame's
//    receive and presentation times);
// 2. glass-to-glass: each frame's capture time on the phone against its paint time in
//    the browser, matched by the frame counter drawn on every frame, through the relay
//    (the real console) and straight from the same phone code to a bare
//    RTCPeerConnection (the floor), in alternating rounds.
//
// Every result is printed as one JSON line on stdout. Times are milliseconds on the
// machine's wall clock: the phone's SystemTime and Chromium's timeOrigin + t.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { startServer } from '../../tests/browser/specs/fixtures.mjs';
import { chromiumArgs } from '../../tests/browser/playwright.config.mjs';
import { summarize } from './stats.mjs';

const require = createRequire(new URL('../../tests/browser/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const env = (name, fallback) => Number(process.env[name] || fallback);
const JOINS = env('JOINS', 20);
const ROUNDS = env('G2G_ROUNDS', 4);
const WINDOW_MS = env('G2G_SECONDS', 5) * 1000;
const WARMUP_MS = 2000;
const camera = ['--width', String(env('WIDTH', 1280)), '--height', String(env('HEIGHT', 720)), '--fps', String(env('FPS', 30))];
const helperBin = process.env.SIGHTLINE_BENCH_BIN;
if (!helperBin) throw new Error('set SIGHTLINE_BENCH_BIN to the sightline-bench-relay binary (run.sh does)');

const emit = (value) => console.log(JSON.stringify(value));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what, probe, timeoutMs = 30_000) {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

// In every page: a frame watcher that reads the counter strip of each presented frame
// (layout in virtual-phone/src/counter.rs) and keeps its times, a flag set once the
// page's live connection has received a message, and the page's join steps (its
// WebSocket's and peer connection's events, wall-clock ms).
function probeScript() {
  const mark = (name) => window.__bench.steps.push({ name: `console.${name}`, ms: performance.timeOrigin + performance.now() });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => mark('ws_open'));
      this.addEventListener('message', () => { window.__bench.signaled = true; });
    }
  };
  const NativePeer = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeer {
    constructor(...args) {
      super(...args);
      this.addEventListener('iceconnectionstatechange', () => mark(`ice_${this.iceConnectionState}`));
      this.addEventListener('connectionstatechange', () => mark(`pc_${this.connectionState}`));
      this.addEventListener('track', (event) => mark(`track_${event.track.kind}`));
    }
    async setRemoteDescription(description) {
      mark(`${description.type}_received`);
      return super.setRemoteDescription(description);
    }
    async setLocalDescription(description) {
      const applied = await super.setLocalDescription(description);
      mark(`${this.localDescription.type}_sent`);
      return applied;
    }
  };
  const readCounter = (ctx, cell) => {
    const d = ctx.getImageData(0, 0, (44 + 1) * cell, cell).data;
    const rowWidth = (44 + 1) * cell;
    const lum = (i) => {
      let s = 0, count = 0;
      for (let y = cell / 4; y < (3 * cell) / 4; y++) {
        for (let x = cell + i * cell + cell / 4; x < cell + i * cell + (3 * cell) / 4; x++) {
          const k = (y * rowWidth + x) * 4;
          s += d[k] + d[k + 1] + d[k + 2];
          count++;
        }
      }
      return s / count;
    };
    const white = (lum(0) + lum(2)) / 2, black = (lum(1) + lum(3)) / 2, t = (white + black) / 2;
    let n = 0;
    for (let i = 0; i < 32; i++) n = n * 2 + (lum(4 + i) > t ? 1 : 0);
    let check = 0;
    for (let i = 0; i < 8; i++) check = check * 2 + (lum(36 + i) > t ? 1 : 0);
    return white - black > 100 && check === ((n ^ (n >>> 8) ^ (n >>> 16) ^ (n >>> 24)) & 0xff) ? n : null;
  };
  window.__bench = {
    signaled: false,
    steps: [],
    frames: [],
    unread: 0,
    watch(video) {
      const canvas = document.createElement('canvas');
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      const origin = performance.timeOrigin;
      const onFrame = (now, meta) => {
        const cell = Math.max(4, Math.floor(video.videoWidth / 80));
        canvas.width = (44 + 1) * cell;
        canvas.height = cell;
        // Only the strip's row: one cell down from the top edge.
        ctx.drawImage(video, 0, cell, canvas.width, cell, 0, 0, canvas.width, cell);
        const n = readCounter(ctx, cell);
        if (n === null) this.unread++;
        else {
          this.frames.push({
            n,
            display: origin + meta.expectedDisplayTime,
            presented: origin + meta.presentationTime,
            received: meta.receiveTime ? origin + meta.receiveTime : null,
          });
        }
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    },
  };
}

// A sightline-bench-relay helper: its JSON lines, the frames it captured, and stop().
function startHelper(args, onMessage = () => {}) {
  const child = spawn(helperBin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const captured = new Map();
  const steps = [];
  let joinStart = null;
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message;
    try { message = JSON.parse(line); } catch { return; }
    if (typeof message.frame === 'number') captured.set(message.frame, message.capture_ms);
    else if (typeof message.join_start_ms === 'number') joinStart = message.join_start_ms;
    else if (typeof message.join_step === 'string') steps.push({ name: `phone.${message.join_step}`, ms: message.unix_ms });
    else onMessage(message);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    captured,
    steps,
    joinStart: () => joinStart,
    exited: () => child.exitCode !== null,
    stderr: () => stderr,
    send(message) { if (child.exitCode === null) child.stdin.write(`${JSON.stringify(message)}\n`); },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

// The relay's join steps, from its log (`--log-json`, `sightline_join=debug`).
const relaySteps = [];
function onServerLog(line) {
  if (!line.startsWith('{')) return;
  let entry;
  try { entry = JSON.parse(line); } catch { return; }
  if (entry.target !== 'sightline_join' || !entry.fields) return;
  relaySteps.push({ name: `relay.${entry.fields.peer}.${entry.fields.step}`, ms: Date.parse(entry.timestamp) });
}

async function newSession(api, server) {
  return (await api.post(`${server.url}/api/sessions`, { data: {} })).json();
}

// The technician console of `session`, its video watched, once its live connection is up.
async function openConsole(page, server, session) {
  // A background tab paints once a second: the watched page must be the front one.
  await page.bringToFront();
  await page.goto(`${server.url}/sessions/${session.id}`);
  await until('the console to connect', () => page.evaluate(() => window.__bench.signaled));
  // The live connection may speak before the page has drawn its video element.
  const video = await page.waitForSelector('[data-testid="live-video"]', { state: 'attached' });
  await video.evaluate((element) => window.__bench.watch(element));
}

// The technician console with a fresh session, its video watched.
async function openConsoleSession(page, server, api) {
  const session = await newSession(api, server);
  await openConsole(page, server, session);
  return session;
}

const hasStep = (steps, name) => steps.some((s) => s.name === name);

// One join's figure and steps, in ms after `start`: the first time each step happened then
// or later (earlier ones belong to the connection already up, or to the last join).
function joinSample(kind, join, start, first, stepLists) {
  const steps = {};
  for (const { name, ms } of stepLists.flat().sort((a, b) => a.ms - b.ms)) {
    if (ms >= start && !(name in steps)) steps[name] = Math.round((ms - start) * 10) / 10;
  }
  if (first.received !== null) steps['console.frame_received'] = Math.round((first.received - start) * 10) / 10;
  steps['console.frame_presented'] = Math.round((first.presented - start) * 10) / 10;
  steps['console.frame_painted'] = Math.round((first.display - start) * 10) / 10;
  return { bench: 'join_to_first_frame', case: kind, join, ms: first.display - start, presented_ms: first.presented - start, first_frame: first.n, steps };
}

const firstFrame = (page) => until('the first painted frame', () => page.evaluate(() => window.__bench.frames[0] || null));
const pageSteps = (page) => page.evaluate(() => window.__bench.steps);

// The technician waits in the console (its peer connection up) before the phone joins:
// from the phone's join start.
async function joinWhileWaiting(page, server, api, join) {
  const session = await openConsoleSession(page, server, api);
  await until('the console\'s peer connection', async () => hasStep(await pageSteps(page), 'console.pc_connected'));
  relaySteps.length = 0;
  const phone = startHelper(['phone', '--server', server.url, ...camera, session.join.code]);
  try {
    const first = await firstFrame(page);
    const start = await until('the phone to start joining', async () => phone.joinStart());
    return joinSample('waiting', join, start, first, [phone.steps, relaySteps, await pageSteps(page)]);
  } finally {
    await phone.stop();
    await api.post(`${server.url}/api/sessions/${session.id}/end`);
  }
}

// The phone streams (its media connected a second ago) when the technician opens the
// console: from the page's navigation start.
async function joinLivePhone(page, server, api, join) {
  const session = await newSession(api, server);
  const phone = startHelper(['phone', '--server', server.url, ...camera, session.join.code]);
  try {
    await until('the phone\'s media', async () => hasStep(phone.steps, 'phone.pc_connected'));
    await sleep(1000);
    relaySteps.length = 0;
    await openConsole(page, server, session);
    const first = await firstFrame(page);
    const start = await page.evaluate(() => performance.timeOrigin);
    return joinSample('live', join, start, first, [phone.steps, relaySteps, await pageSteps(page)]);
  } finally {
    await phone.stop();
    await api.post(`${server.url}/api/sessions/${session.id}/end`);
  }
}

// Per case: every join, then the summary with each step's median and p95 offset.
async function joinToFirstFrame(page, server, api) {
  for (const [kind, run] of [['waiting', joinWhileWaiting], ['live', joinLivePhone]]) {
    const samples = [];
    for (let join = 1; join <= JOINS; join++) {
      const sample = await run(page, server, api, join);
      emit(sample);
      samples.push(sample);
    }
    const names = [...new Set(samples.flatMap((s) => Object.keys(s.steps)))];
    const steps = Object.fromEntries(names.map((name) => {
      const ms = summarize(samples.map((s) => s.steps[name]).filter((v) => v !== undefined));
      return [name, { median_ms: ms.median, p95_ms: ms.p95, joins: ms.count }];
    }).sort((a, b) => a[1].median_ms - b[1].median_ms));
    const ms = summarize(samples.map((s) => s.ms));
    emit({ bench: 'join_to_first_frame_summary', case: kind, joins: samples.length, median_ms: ms.median, p95_ms: ms.p95, min_ms: ms.min, max_ms: ms.max,
      presented_median_ms: summarize(samples.map((s) => s.presented_ms)).median, first_frame_median: summarize(samples.map((s) => s.first_frame)).median, steps });
  }
}

// Paint times of the frames presented during the window, matched to capture times.
async function measureWindow(page, helper) {
  await until('video', () => page.evaluate(() => window.__bench.frames.length > 0));
  await sleep(WARMUP_MS);
  const from = await page.evaluate(() => { window.__bench.unread = 0; return window.__bench.frames.length; });
  await sleep(WINDOW_MS);
  const { frames, unread } = await page.evaluate((start) => ({ frames: window.__bench.frames.slice(start), unread: window.__bench.unread }), from);
  const latencies = [];
  const network = [];
  for (const frame of frames) {
    const captured = helper.captured.get(frame.n);
    if (captured === undefined) continue;
    latencies.push(frame.display - captured);
    if (frame.received !== null) network.push(frame.received - captured);
  }
  return { latencies, network, painted: frames.length, unread };
}

async function relayRound(page, server, api) {
  const session = await openConsoleSession(page, server, api);
  const phone = startHelper(['phone', '--server', server.url, ...camera, session.join.code]);
  try {
    return await measureWindow(page, phone);
  } finally {
    await phone.stop();
    await api.post(`${server.url}/api/sessions/${session.id}/end`);
  }
}

// Where the direct page's answer and candidates go: the running direct helper.
let sendToDirect = () => {};

// The floor: the same phone code straight to a bare peer connection in the page.
async function directRound(page) {
  await page.bringToFront();
  await page.setContent('<video autoplay muted playsinline style="width:100%"></video>');
  await page.evaluate(() => {
    const video = document.querySelector('video');
    const pc = new RTCPeerConnection();
    window.__pc = pc;
    pc.ontrack = (event) => { video.srcObject = event.streams[0] || new MediaStream([event.track]); };
    pc.onicecandidate = (event) => { if (event.candidate) window.__benchSend({ type: 'candidate', candidate: event.candidate.toJSON() }); };
    window.__bench.watch(video);
  });
  let signaling = Promise.resolve();
  const phone = startHelper(['direct', ...camera], (message) => {
    signaling = signaling.then(() => page.evaluate(async (m) => {
      if (m.type === 'offer') {
        await window.__pc.setRemoteDescription({ type: 'offer', sdp: m.sdp });
        await window.__pc.setLocalDescription(await window.__pc.createAnswer());
        window.__benchSend({ type: 'answer', sdp: window.__pc.localDescription.sdp });
      } else if (m.type === 'candidate') {
        await window.__pc.addIceCandidate(m.candidate);
      }
    }, message)).catch((err) => console.error('direct signaling:', err.message));
  });
  sendToDirect = (message) => phone.send(message);
  try {
    return await measureWindow(page, phone);
  } finally {
    await phone.stop();
    await page.evaluate(() => window.__pc.close());
  }
}
async function glassToGlass(page, directPage, server, api) {
  const paths = { relay: [], direct: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const path of ['relay', 'direct']) {
      const result = path === 'relay' ? await relayRound(page, server, api) : await directRound(directPage);
      const ms = summarize(result.latencies);
      emit({ bench: 'glass_to_glass', path, round, frames: result.latencies.length, painted: result.painted, unread: result.unread,
        median_ms: ms.median, p95_ms: ms.p95, receive_median_ms: summarize(result.network).median });
      paths[path].push(result);
    }
  }
  const pooled = (path, key) => summarize(paths[path].flatMap((r) => r[key]));
  // Rounds run back to back, so a difference within a round pair is the least disturbed by other load.
  const pairs = paths.relay.map((r, i) => summarize(r.latencies).median - summarize(paths.direct[i].latencies).median);
  const diff = (a, b) => (a === null || b === null ? null : Math.round((a - b) * 10) / 10);
  const relay = pooled('relay', 'latencies'), direct = pooled('direct', 'latencies');
  const relayNet = pooled('relay', 'network'), directNet = pooled('direct', 'network');
  emit({
    bench: 'glass_to_glass_summary', rounds: ROUNDS, window_s: WINDOW_MS / 1000,
    relay_frames: relay.count, direct_frames: direct.count,
    relay_median_ms: relay.median, direct_median_ms: direct.median, relay_minus_direct_median_ms: diff(relay.median, direct.median),
    relay_minus_direct_round_pairs_ms: pairs.map((p) => diff(p, 0)), relay_minus_direct_median_of_pairs_ms: summarize(pairs).median,
    relay_p95_ms: relay.p95, direct_p95_ms: direct.p95, relay_minus_direct_p95_ms: diff(relay.p95, direct.p95),
    relay_receive_median_ms: relayNet.median, direct_receive_median_ms: directNet.median,
    relay_minus_direct_receive_median_ms: diff(relayNet.median, directNet.median),
  });
}

const server = await startServer(undefined, 60_000, ['--log-json'], { log: 'warn,sightline_join=debug', onLogLine: onServerLog });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: chromiumArgs });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(probeScript);
  await context.exposeFunction('__benchSend', (message) => sendToDirect(message));
  const login = await context.request.post(`${server.url}/api/auth/login`, { data: { email: server.email, password: server.password } });
  const csrf = (await login.json()).csrf_token;
  const api = {
    post: (url, options = {}) => context.request.post(url, { ...options, headers: { 'X-CSRF-Token': csrf } }),
  };
  const page = await context.newPage();
  const directPage = await context.newPage();
  await joinToFirstFrame(page, server, api);
  if (ROUNDS > 0) await glassToGlass(page, directPage, server, api);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
