// H.264 from a phone's hardware encoder (the virtual phone's stand-in, which emits its
// SPS/PPS only once) decoded by Chromium: for a technician waiting before the phone
// joins (the relay re-offers the H.264 track) and for one joining after.
import { test, expect, signIn, addTechnician, startPhone, readFrameCounter, counterOf } from './fixtures.mjs';

// Keeps every RTCPeerConnection the console makes, so the spec can read its stats.
function recordPeerConnections() {
  const Native = window.RTCPeerConnection;
  window.__peerConnections = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.__peerConnections.push(this);
    }
  };
}

// The newest peer connection's received video: codec, frames decoded, picture size.
async function receivedVideo(page) {
  return page.evaluate(async () => {
    const pc = window.__peerConnections.at(-1);
    if (!pc) return null;
    const report = await pc.getStats();
    const inbound = [...report.values()].find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
    if (!inbound) return null;
    return {
      peerConnections: window.__peerConnections.length,
      mimeType: report.get(inbound.codecId)?.mimeType ?? null,
      framesDecoded: inbound.framesDecoded ?? 0,
      size: [inbound.frameWidth ?? 0, inbound.frameHeight ?? 0],
    };
  });
}

// The page decodes H.264 pictures of the phone: the count of decoded frames grows,
// the picture is the phone's size and its frame counter advances.
async function expectDecodedH264(page) {
  await expect.poll(async () => (await receivedVideo(page))?.mimeType, { timeout: 30_000 }).toBe('video/H264');
  await expect.poll(async () => (await receivedVideo(page)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(0);
  const { framesDecoded } = await receivedVideo(page);
  await expect.poll(async () => (await receivedVideo(page)).framesDecoded, { timeout: 15_000 }).toBeGreaterThan(framesDecoded + 10);
  expect((await receivedVideo(page)).size).toEqual([640, 360]);
  const video = page.getByTestId('live-video');
  const first = await counterOf(video);
  await expect.poll(() => readFrameCounter(video), { timeout: 15_000 }).toBeGreaterThan(first + 5);
  expect(await video.evaluate((v) => [v.videoWidth, v.videoHeight])).toEqual([640, 360]);
}

test('H.264: a technician waiting before the phone joins and one joining after both decode it', async ({ page, browser, server }) => {
  await addTechnician(server, { email: 'hana@e2e.example', displayName: 'Hana Tech', password: 'hana password 1' });
  await page.context().addInitScript(recordPeerConnections);
  await signIn(page, server, 'hana@e2e.example', 'hana password 1');
  await page.getByRole('button', { name: 'Start a session' }).click();
  const code = (await page.getByTestId('join-code').textContent()).replace(/ /g, '');
  await expect(page.getByTestId('phone-state')).toHaveText('Waiting for the customer’s phone');
  // The waiting technician already holds the relay's first offer, made before any phone.
  await expect.poll(() => page.evaluate(() => window.__peerConnections.at(-1)?.connectionState), { timeout: 30_000 }).toBe('connected');

  const phone = await startPhone(server, code, { codec: 'h264' });
  try {
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await expectDecodedH264(page);
    // The H.264 track came with a re-offer on a peer connection of its own.
    expect((await receivedVideo(page)).peerConnections).toBeGreaterThan(1);

    // A second technician (an org admin monitoring) joins while the phone is live.
    const context = await browser.newContext();
    await context.addInitScript(recordPeerConnections);
    const second = await context.newPage();
    await signIn(second, server);
    await second.goto(page.url());
    await second.getByRole('button', { name: 'Monitor this session' }).click();
    await expect(second.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await expectDecodedH264(second);
    expect((await receivedVideo(second)).peerConnections).toBe(1);
    await context.close();
  } finally {
    await phone.stop();
  }
});
