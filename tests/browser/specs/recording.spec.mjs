import { test, expect, signIn, tomsSessionWithPhone, counterOf } from './fixtures.mjs';

// The stored recording plays in the primary's console: its first picture shows, as big
// as the phone's; answers how long the player says it is, in seconds.
async function expectRecordingPlays(page) {
  const player = page.getByTestId('recording-video');
  await expect(player).toHaveCount(1, { timeout: 15_000 });
  await player.evaluate((video) => new Promise((resolve, reject) => {
    video.muted = true;
    video.addEventListener('error', () => reject(new Error(`the recording does not play: ${video.error && video.error.message}`)), { once: true });
    if (video.readyState >= 2) resolve();
    else video.addEventListener('loadeddata', () => resolve(), { once: true });
  }));
  const played = await player.evaluate(async (video) => {
    await video.play();
    await new Promise((resolve) => video.requestVideoFrameCallback(() => resolve()));
    return { width: video.videoWidth, height: video.videoHeight, duration: video.duration };
  });
  expect(played.width).toBeGreaterThan(0);
  expect(played.height).toBeGreaterThan(0);
  return played.duration;
}

test('the primary records the session: every console shows the indicator, the phone is told, and the primary plays the stored WebM', async ({ page, browser, server }, testInfo) => {
  test.setTimeout(180_000);
  const phone = await tomsSessionWithPhone(page, server);
  try {
    await counterOf(page.getByTestId('live-video'));
    // A second technician (the admin, monitoring) watches the same session.
    const context = await browser.newContext();
    const second = await context.newPage();
    await signIn(second, server);
    await second.goto(page.url());
    await second.getByRole('button', { name: 'Monitor this session' }).click();
    await counterOf(second.getByTestId('live-video'));
    await expect(second.getByTestId('recording-indicator')).toBeHidden();
    // Only the primary has the controls.
    await expect(second.getByTestId('record-button')).toBeHidden();

    await page.getByTestId('record-button').click();
    await expect(page.getByTestId('recording-indicator')).toHaveText('● Recording', { timeout: 15_000 });
    await expect(second.getByTestId('recording-indicator')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('record-button')).toHaveText('Stop recording');
    await expect.poll(() => phone.output().includes('{"event":"recording","on":true}'), { timeout: 15_000 }).toBe(true);
    await page.waitForTimeout(4_000);
    await second.screenshot({ path: testInfo.outputPath('second-console-recording.png') });

    await page.getByTestId('record-button').click();
    await expect(second.getByTestId('recording-indicator')).toBeHidden({ timeout: 30_000 });
    await expect(page.getByTestId('recording-indicator')).toBeHidden();
    await expect.poll(() => phone.output().includes('{"event":"recording","on":false}'), { timeout: 15_000 }).toBe(true);

    await expectRecordingPlays(page);
    await page.screenshot({ path: testInfo.outputPath('primary-recordings.png'), fullPage: true });
    await context.close();
  } finally {
    await phone.stop();
  }
});

test('an H.264 phone is recorded as MP4, which the console plays for as long as it was recorded', async ({ page, server }) => {
  test.setTimeout(120_000);
  const phone = await tomsSessionWithPhone(page, server, { codec: 'h264' });
  try {
    await counterOf(page.getByTestId('live-video'));
    await page.getByTestId('record-button').click();
    await expect(page.getByTestId('recording-indicator')).toBeVisible({ timeout: 15_000 });
    const started = Date.now();
    await page.waitForTimeout(8_000);
    await page.getByTestId('record-button').click();
    const ran = (Date.now() - started) / 1000;
    await expect(page.getByTestId('recording-indicator')).toBeHidden({ timeout: 30_000 });
    const download = page.getByTestId('recording-download');
    await expect(download).toHaveCount(1, { timeout: 15_000 });
    const duration = await expectRecordingPlays(page);
    // The index comes first: the player knows the whole length at once.
    expect(Math.abs(duration - ran)).toBeLessThanOrEqual(ran * 0.1);
    const saved = await Promise.all([page.waitForEvent('download'), download.click()]).then(([file]) => file.suggestedFilename());
    expect(saved).toMatch(/^recording-\d+-\w+\.mp4$/);
  } finally {
    await phone.stop();
  }
});
