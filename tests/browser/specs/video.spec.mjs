import { test, expect, signIn, addTechnician, startPhone, counterOf, readFrameCounter } from './fixtures.mjs';

test('the console says why no picture comes while the customer has not agreed or paused the video, and the video comes back on resume', async ({ page, server }, testInfo) => {
  test.setTimeout(120_000);
  await addTechnician(server, { email: 'tom@e2e.example', displayName: 'Tom Tech', password: 'tom password 1' });
  await signIn(page, server, 'tom@e2e.example', 'tom password 1');
  await page.getByRole('button', { name: 'Start a session' }).click();
  const code = (await page.getByTestId('join-code').textContent()).replace(/ /g, '');
  const phone = await startPhone(server, code, { args: ['--consent-required'] });
  try {
    const video = page.getByTestId('live-video');
    const held = page.getByTestId('video-held');

    // Joined, but the customer has not agreed yet: the reason shows instead of a black picture.
    await expect(held).toHaveText('Waiting for the customer to agree', { timeout: 30_000 });
    await expect(video).toBeHidden();
    await page.getByTestId('video-held').screenshot({ path: testInfo.outputPath('awaiting-consent.png') });

    // The customer agrees: the picture comes.
    phone.command('consent');
    await expect(held).toBeHidden({ timeout: 15_000 });
    await expect(video).toBeVisible();
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    const before = await counterOf(video);

    // Paused: the console says so instead of showing a frozen picture.
    phone.command('pause');
    await expect(held).toHaveText('Video paused by the customer', { timeout: 15_000 });
    await expect(video).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath('video-paused.png') });

    // Resumed: the live picture is back and moves on.
    phone.command('resume');
    await expect(held).toBeHidden({ timeout: 15_000 });
    await expect(video).toBeVisible();
    await expect.poll(() => readFrameCounter(video), { timeout: 30_000 }).toBeGreaterThan(before);
    await page.screenshot({ path: testInfo.outputPath('video-resumed.png') });
  } finally {
    await phone.stop();
  }
});
