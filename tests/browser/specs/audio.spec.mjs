// Two-way audio through the relay: the virtual phone's microphone hears a 440 Hz tone
// and its loudspeaker listens for 660 Hz; Chromium's fake microphone plays a 660 Hz
// WAV generated here. The technicians' <audio> is measured with a WebAudio analyser.
// The demo's phone echoes what it hears, so there a technician hears their own tone.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, signIn, startPhone, addTechnician } from './fixtures.mjs';
import { startDemo, openDemoSession } from './demo.mjs';
import { chromiumArgs } from '../playwright.config.mjs';

const PHONE_HZ = 440;
const TECHNICIAN_HZ = 660;

// A 2 s mono 48 kHz 16-bit WAV of a sine at `hz` (Chromium loops it).
function toneWav(hz) {
  const rate = 48_000, samples = rate * 2;
  const data = Buffer.alloc(44 + samples * 2);
  data.write('RIFF', 0); data.writeUInt32LE(36 + samples * 2, 4); data.write('WAVE', 8);
  data.write('fmt ', 12); data.writeUInt32LE(16, 16); data.writeUInt16LE(1, 20); data.writeUInt16LE(1, 22);
  data.writeUInt32LE(rate, 24); data.writeUInt32LE(rate * 2, 28); data.writeUInt16LE(2, 32); data.writeUInt16LE(16, 34);
  data.write('data', 36); data.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(0.3 * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  const file = join(mkdtempSync(join(tmpdir(), 'sightline-audio-')), `tone-${hz}.wav`);
  writeFileSync(file, data);
  return file;
}

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      ...chromiumArgs,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${toneWav(TECHNICIAN_HZ)}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

// How far the spectrum of what the console plays stands out at `hz` above its median
// (dB), measured by an AnalyserNode on the <audio> element's stream.
async function prominence(page, hz) {
  return page.getByTestId('voice-audio').evaluate(async (audio, hz) => {
    if (!audio.srcObject) return -Infinity;
    if (!window.voiceProbe || window.voiceProbe.stream !== audio.srcObject) {
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0;
      context.createMediaStreamSource(audio.srcObject).connect(analyser);
      window.voiceProbe = { stream: audio.srcObject, context, analyser };
    }
    const { context, analyser } = window.voiceProbe;
    await context.resume();
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    const width = context.sampleRate / analyser.fftSize;
    const at = Math.max(...[-1, 0, 1].map((d) => bins[Math.round(hz / width) + d]));
    const band = Array.from(bins.slice(Math.round(100 / width), Math.round(4000 / width))).sort((a, b) => a - b);
    return at - band[Math.floor(band.length / 2)];
  }, hz);
}

const HEARD_DB = 30;

async function hears(page, hz) {
  await expect.poll(() => prominence(page, hz), { timeout: 30_000, message: `the console hears ${hz} Hz` }).toBeGreaterThan(HEARD_DB);
}

// The phone's last `count` tone readings (`{"event":"tone","heard":…}` lines).
function toneReadings(phone, count) {
  return phone.output().split('\n').filter((line) => line.startsWith('{"event":"tone"')).slice(-count).map((line) => JSON.parse(line).heard);
}

// Polls until the phone's recent readings all say `heard` (a few, for silence: one quiet window proves little).
async function phoneHears(phone, heard) {
  const count = heard ? 1 : 8;
  await expect.poll(() => toneReadings(phone, count).join(), { timeout: 30_000, message: `the phone ${heard ? 'hears' : 'no longer hears'} the technicians` })
    .toBe(Array(count).fill(String(heard)).join());
}

async function bytesSent(page) {
  return Number(await page.getByTestId('mic').locator('..').getAttribute('data-bytes-sent') || 0);
}

test('voices go both ways through the relay: mute and a withdrawn mic right stop a technician at the relay, and technicians hear each other', async ({ page: owner, browser, server }) => {
  test.setTimeout(240_000);
  await addTechnician(server, { email: 'tom@e2e.example', displayName: 'Tom Tech', password: 'tom password 1' });
  await signIn(owner, server, 'tom@e2e.example', 'tom password 1');
  await owner.getByRole('button', { name: 'Start a session' }).click();
  const code = (await owner.getByTestId('join-code').textContent()).replace(/ /g, '');
  const phone = await startPhone(server, code, { args: ['--audio', '--tone-hz', String(PHONE_HZ), '--listen-hz', String(TECHNICIAN_HZ)] });
  try {
    await expect(owner.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    // The phone's voice reaches the technician; the technician's mic is off, so the phone hears nobody.
    await hears(owner, PHONE_HZ);
    await phoneHears(phone, false);

    // The phone reports its microphone busy: the console says so.
    phone.command('audio busy headset');
    await expect(owner.getByTestId('phone-audio')).toHaveText('The customer’s microphone is busy');
    phone.command('audio available speaker');
    await expect(owner.getByTestId('phone-audio')).toHaveText('The customer hears you on the loudspeaker');

    // Mic on: the phone hears the technician, and the technician speaks in the participants list.
    await owner.getByTestId('mic').click();
    await expect(owner.getByTestId('mic')).toHaveAttribute('aria-pressed', 'true');
    await phoneHears(phone, true);
    const tom = owner.getByTestId('participants').getByRole('listitem').filter({ hasText: 'Tom Tech' });
    await expect(tom.getByTestId('voice-state')).toHaveText('speaking');
    await owner.screenshot({ path: test.info().outputPath('mic-on-speaking.png'), fullPage: true });

    // Mute: the phone hears silence; the participants list says muted.
    await owner.getByRole('button', { name: 'Mute' }).click();
    await phoneHears(phone, false);
    await expect(tom.getByTestId('voice-state')).toHaveText('muted');

    // A second technician (the admin, monitoring) turns on its mic: the phone and the first technician hear it.
    const context = await browser.newContext();
    const second = await context.newPage();
    await signIn(second, server);
    await second.goto(owner.url());
    await second.getByRole('button', { name: 'Monitor this session' }).click();
    await expect(second.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await hears(second, PHONE_HZ);
    await second.getByTestId('mic').click();
    await phoneHears(phone, true);
    await hears(owner, TECHNICIAN_HZ);

    // The owner withdraws the second technician's mic right: its Mic greys, its browser
    // still sends, and the relay stops its voice. Restoring the right restores it.
    const admin = owner.getByTestId('participants').getByRole('listitem').filter({ hasText: /secondary/ });
    await admin.getByRole('checkbox', { name: 'Microphone' }).uncheck();
    await expect(second.getByTestId('mic')).toBeDisabled();
    await phoneHears(phone, false);
    const before = await bytesSent(second);
    await expect.poll(() => bytesSent(second), { timeout: 15_000, message: 'the withdrawn browser still sends' }).toBeGreaterThan(before);
    await phoneHears(phone, false);
    await expect(admin.getByRole('checkbox', { name: 'Microphone' })).not.toBeChecked();
    await admin.getByRole('checkbox', { name: 'Microphone' }).check();
    await expect(second.getByTestId('mic')).toBeEnabled();
    await phoneHears(phone, true);
    await context.close();
  } finally {
    await phone.stop();
  }
});

test('the demo phone talks back: a technician who turns on the mic hears their own voice echoed by the phone', async ({ browser }) => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'sightline-demo-audio-'));
  const demo = await startDemo(dataDir);
  try {
    expect(demo.printed).toContain('echoes your voice');
    const page = await (await browser.newContext()).newPage();
    await signIn(page, { url: demo.url }, demo.signIns[0].email, demo.signIns[0].password);
    await openDemoSession(page);
    // Mic off: the phone has nothing to echo, so the technician's tone is not heard (on a
    // silent stream the analyser reads -Infinity everywhere: no prominence at all).
    await expect.poll(() => page.getByTestId('voice-audio').evaluate((audio) => Boolean(audio.srcObject)), { timeout: 30_000 }).toBe(true);
    for (let i = 0; i < 4; i++) {
      expect(await prominence(page, TECHNICIAN_HZ) > HEARD_DB).toBe(false);
      await page.waitForTimeout(500);
    }
    await page.getByTestId('mic').click();
    await expect(page.getByTestId('mic')).toHaveAttribute('aria-pressed', 'true');
    await hears(page, TECHNICIAN_HZ);
    await page.screenshot({ path: test.info().outputPath('demo-echo.png'), fullPage: true });
  } finally {
    await demo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
