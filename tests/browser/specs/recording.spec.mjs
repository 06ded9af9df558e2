import { test, expect, signIn, tomsSessionWithPhone, counterOf } from './fixtures.mjs';

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

    // The stored recording plays in the primary's console.
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
      return { width: video.videoWidth, height: video.videoHeight, time: video.currentTime };
    });
    expect(played.width).toBeGreaterThan(0);
    expect(played.height).toBeGreaterThan(0);
    await page.screenshot({ path: testInfo.outputPath('primary-recordings.png'), fullPage: true });
    await context.close();
  } finally {
    await phone.stop();
  }
});
