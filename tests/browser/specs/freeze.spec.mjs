import { readFileSync } from 'node:fs';
import { test, expect, signIn, tomsSessionWithPhone, readFrameCounter, counterOf, redAt, drag } from './fixtures.mjs';

// Resolves once the video has presented `count` more frames (a frozen stream still
// presents its held frame again and again).
async function presentedFrames(video, count) {
  await video.evaluate((v, wanted) => new Promise((resolve) => {
    let seen = 0;
    const next = () => (++seen >= wanted ? resolve() : v.requestVideoFrameCallback(next));
    v.requestVideoFrameCallback(next);
  }), count);
}

// The counter the video holds: the same before and after three more presented frames
// (a live picture's counter moves with every frame), or null.
async function heldCounter(video) {
  const before = await readFrameCounter(video);
  await presentedFrames(video, 3);
  const after = await readFrameCounter(video);
  return before !== null && before === after ? before : null;
}

test('a technician freezes the picture: the video holds, every console shows the full-resolution still with annotations on it, unfreeze goes live again, and a snapshot downloads from the gallery', async ({ page, browser, server }, testInfo) => {
  test.setTimeout(180_000);
  const phone = await tomsSessionWithPhone(page, server);
  try {
    const video = page.getByTestId('live-video');
    await counterOf(video);
    const toolbar = page.getByRole('toolbar', { name: 'Camera tools' });

    // Freeze: the phone holds its picture (its counter stops in the decoded video) and says so.
    await toolbar.getByRole('button', { name: 'Freeze', exact: true }).click();
    await expect(toolbar.getByRole('button', { name: 'Unfreeze' })).toBeEnabled({ timeout: 30_000 });
    await expect(toolbar.getByRole('button', { name: 'Unfreeze' })).toHaveAttribute('aria-pressed', 'true');
    let held = null;
    await expect.poll(async () => (held = await heldCounter(video)), { timeout: 30_000 }).not.toBeNull();
    await presentedFrames(video, 3);
    expect(await readFrameCounter(video)).toBe(held);
    await expect.poll(() => phone.output().includes('{"frozen":true}'), { timeout: 15_000 }).toBe(true);

    // The still is shown at the picture's place, at the camera's full resolution, with who froze it.
    const still = page.getByTestId('freeze-still');
    await expect(still).toBeVisible();
    await expect(page.getByTestId('freeze-label')).toHaveText('Frozen by Tom Tech');
    await expect.poll(() => still.evaluate((img) => [img.naturalWidth, img.naturalHeight]), { timeout: 15_000 }).toEqual([2560, 1440]);
    const [stillBox, layerBox] = [await still.boundingBox(), await page.getByTestId('annotation-layer').boundingBox()];
    expect(Math.abs(stillBox.width - layerBox.width) + Math.abs(stillBox.x - layerBox.x) + Math.abs(stillBox.y - layerBox.y)).toBeLessThan(2);

    // A technician who joins during the freeze (the admin, monitoring) sees the same still.
    const context = await browser.newContext();
    const second = await context.newPage();
    await signIn(second, server);
    await second.goto(page.url());
    await second.getByRole('button', { name: 'Monitor this session' }).click();
    await expect(second.getByTestId('freeze-still')).toBeVisible({ timeout: 15_000 });
    await expect(second.getByTestId('freeze-label')).toHaveText('Frozen by Tom Tech');
    expect(await second.getByTestId('freeze-still').getAttribute('src')).toBe(await still.getAttribute('src'));

    // An annotation drawn on the frozen still lands on it in the other console.
    const tools = page.getByRole('toolbar', { name: 'Annotation tools' });
    await tools.getByRole('button', { name: 'red' }).click();
    await tools.getByRole('button', { name: 'Rectangle' }).click();
    await drag(page, [0.3, 0.3], [0.7, 0.7]);
    await expect(second.getByTestId('annotations').getByRole('listitem')).toHaveText([/^Rectangle by Tom Tech$/], { timeout: 15_000 });
    await expect(second.locator('.annotation-layer rect')).toHaveCount(1);
    // The layer may be redrawn as the freeze settles: measure the rectangle once it shows.
    await expect(second.locator('.annotation-layer rect')).toBeVisible();
    const rect = await second.locator('.annotation-layer rect').boundingBox();
    const secondStill = await second.getByTestId('freeze-still').boundingBox();
    // Within the stroke's width (its bounding box includes the stroke).
    const stroke = 0.01 * secondStill.width;
    expect(Math.abs(rect.x - (secondStill.x + 0.3 * secondStill.width))).toBeLessThan(stroke);
    expect(Math.abs(rect.width - 0.4 * secondStill.width)).toBeLessThan(stroke);
    await second.screenshot({ path: testInfo.outputPath('frozen-session.png') });
    await second.getByTestId('freeze-still').screenshot({ path: testInfo.outputPath('frozen-still.png') });

    // Unfreeze: the still goes, the live video moves on past the held frame.
    await toolbar.getByRole('button', { name: 'Unfreeze' }).click();
    await expect(toolbar.getByRole('button', { name: 'Freeze', exact: true })).toBeEnabled({ timeout: 30_000 });
    await expect(still).toBeHidden();
    await expect(second.getByTestId('freeze-still')).toBeHidden({ timeout: 15_000 });
    await expect(page.getByTestId('freeze-label')).toBeHidden();
    await expect.poll(async () => (await readFrameCounter(video)) > held, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => phone.output().includes('{"frozen":false}'), { timeout: 15_000 }).toBe(true);
    // The phone drew the rectangle into its live picture.
    await expect.poll(() => redAt(video, 0.3, 0.5), { timeout: 15_000 }).toBe(true);

    // A snapshot lands in the gallery at the still's size and downloads as a valid image.
    await toolbar.getByRole('button', { name: 'Snapshot' }).click();
    const snapshot = page.getByTestId('gallery').getByTestId('snapshot');
    await expect(snapshot).toHaveCount(1, { timeout: 30_000 });
    await expect(snapshot).toHaveAttribute('data-width', '2560');
    await expect(snapshot).toHaveAttribute('data-height', '1440');
    const [download] = await Promise.all([page.waitForEvent('download'), snapshot.getByTestId('snapshot-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^snapshot-\d+-[0-9a-f]+\.jpg$/);
    const bytes = readFileSync(await download.path()).toString('base64');
    const size = await page.evaluate(async (base64) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const picture = await createImageBitmap(new Blob([data], { type: 'image/jpeg' }));
      return [picture.width, picture.height];
    }, bytes);
    expect(size).toEqual([2560, 1440]);
    await context.close();
  } finally {
    await phone.stop();
  }
});
