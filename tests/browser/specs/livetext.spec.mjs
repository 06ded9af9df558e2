import { test, expect, tomsSessionWithPhone, counterOf } from './fixtures.mjs';

test('Live text reads the phone\'s printed serial number over the picture, as selectable text that Copy all copies', async ({ page, context, server }, testInfo) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const phone = await tomsSessionWithPhone(page, server);
  try {
    const video = page.getByTestId('live-video');
    await counterOf(video);
    const tool = page.getByRole('toolbar', { name: 'Camera tools' }).getByRole('button', { name: 'Live text' });
    await expect(tool).toBeEnabled({ timeout: 15_000 });
    await tool.click();
    await expect(tool).toHaveAttribute('aria-pressed', 'true');
    // A click on the picture (no drag) reads all of it.
    const layer = page.getByTestId('live-text-layer');
    const box = await layer.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);

    const line = page.getByTestId('live-text-line').filter({ hasText: '4711' });
    await expect(line).toHaveCount(1, { timeout: 60_000 });
    await expect(page.getByTestId('live-text-status')).toContainText('of text');
    // Placed over the picture where the phone printed it: its upper left part.
    const [lineBox, videoBox] = [await line.boundingBox(), await video.boundingBox()];
    expect(lineBox.x - videoBox.x).toBeLessThan(videoBox.width / 4);
    expect(lineBox.y - videoBox.y).toBeLessThan(videoBox.height / 3);
    // Selectable text (not an image), and Copy all puts it on the clipboard.
    await line.selectText();
    expect(await page.evaluate(() => window.getSelection().toString())).toContain('4711');
    await page.getByTestId('live-text-panel').getByRole('button', { name: 'Copy all' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 10_000 }).toContain('4711');
    await page.screenshot({ path: testInfo.outputPath('livetext.png') });

    await page.getByRole('button', { name: 'Close live text' }).click();
    await expect(page.getByTestId('live-text-panel')).toBeHidden();
    await expect(page.getByTestId('live-text-line')).toHaveCount(0);
  } finally {
    await phone.stop();
  }
});
