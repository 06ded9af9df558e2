import { test, expect, tomsSessionWithPhone, counterOf, drag, signIn } from './fixtures.mjs';

// The lines the virtual phone prints (its default scene, in DejaVu Sans).
const PRINTED = ['SIGHTLINE VIRTUAL PHONE', 'SERIAL NO 4711-AB'];
const ACCURACY = 0.95;

// 1 - normalised Levenshtein distance of `read` from `printed`.
function accuracy(read, printed) {
  let row = Array.from({ length: printed.length + 1 }, (_, j) => j);
  for (let i = 1; i <= read.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= printed.length; j += 1) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (read[i - 1] === printed[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return 1 - row[printed.length] / Math.max(read.length, printed.length, 1);
}

// Reads with the tool (a click on the picture, or a drag from `from` to `to`, in picture
// fractions) and returns the lines shown over the picture.
async function readText(page, { from, to } = {}) {
  const tool = page.getByRole('toolbar', { name: 'Camera tools' }).getByRole('button', { name: 'Live text' });
  await expect(tool).toBeEnabled({ timeout: 15_000 });
  await tool.click();
  await expect(tool).toHaveAttribute('aria-pressed', 'true');
  // The layer lies over the picture as the annotation layer does, which `drag` follows.
  const box = await page.getByTestId('live-text-layer').boundingBox();
  if (from) await drag(page, from, to);
  else await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('live-text-status')).toContainText(/of text|No text|failed/, { timeout: 60_000 });
  const lines = (await page.getByTestId('live-text-line').allTextContents()).map((line) => line.trim());
  // An empty reading says why in the message of the check that fails on it.
  return lines.length ? lines : [await page.getByTestId('live-text-status').textContent()];
}

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
    const read = (await page.getByTestId('live-text-line').allTextContents()).map((text) => text.trim());
    expect(accuracy(read.join('\n'), PRINTED.join('\n')), `read ${JSON.stringify(read)}`).toBeGreaterThanOrEqual(ACCURACY);
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

test('Live text reads 95 % of the printed characters in a drawn region and on a frozen still; a collaborator without the right has the tool greyed', async ({ page, browser, server }) => {
  test.setTimeout(240_000);
  const phone = await tomsSessionWithPhone(page, server);
  try {
    await counterOf(page.getByTestId('live-video'));
    // The whole picture, to find where the serial number's line is.
    const whole = await readText(page);
    expect(accuracy(whole.join('\n'), PRINTED.join('\n')), `read ${JSON.stringify(whole)}`).toBeGreaterThanOrEqual(ACCURACY);
    const lineBox = await page.getByTestId('live-text-line').filter({ hasText: '4711' }).boundingBox();
    // The lines are placed in a box fitted to the picture, as the tool's layer is.
    const layerBox = await page.locator('.live-text-result').boundingBox();
    await page.getByRole('button', { name: 'Close live text' }).click();

    // A region drawn around that line reads only it.
    const fx = (x) => (x - layerBox.x) / layerBox.width;
    const fy = (y) => (y - layerBox.y) / layerBox.height;
    const region = await readText(page, {
      from: [Math.max(0, fx(lineBox.x) - 0.02), Math.max(0, fy(lineBox.y) - 0.02)],
      to: [Math.min(1, fx(lineBox.x + lineBox.width) + 0.05), Math.min(1, fy(lineBox.y + lineBox.height) + 0.02)],
    });
    expect(region, 'the drawn region holds one line').toHaveLength(1);
    expect(accuracy(region[0], PRINTED[1]), `read ${JSON.stringify(region)}`).toBeGreaterThanOrEqual(ACCURACY);
    await page.getByRole('button', { name: 'Close live text' }).click();

    // On a frozen picture the frozen still is read.
    const toolbar = page.getByRole('toolbar', { name: 'Camera tools' });
    await toolbar.getByRole('button', { name: 'Freeze', exact: true }).click();
    await expect(toolbar.getByRole('button', { name: 'Unfreeze' })).toBeEnabled({ timeout: 30_000 });
    const frozen = await readText(page);
    expect(accuracy(frozen.join('\n'), PRINTED.join('\n')), `read ${JSON.stringify(frozen)}`).toBeGreaterThanOrEqual(ACCURACY);
    await page.getByRole('button', { name: 'Close live text' }).click();

    // The admin monitors as a secondary; the owner withdraws its Live text: its tool greys, live.
    const context = await browser.newContext();
    const second = await context.newPage();
    await signIn(second, server);
    await second.goto(page.url());
    await second.getByRole('button', { name: 'Monitor this session' }).click();
    const secondTool = second.getByRole('toolbar', { name: 'Camera tools' }).getByRole('button', { name: 'Live text' });
    await expect(secondTool).toBeEnabled({ timeout: 30_000 });
    const admin = page.getByTestId('participants').getByRole('listitem').filter({ has: page.getByText('secondary', { exact: true }) });
    await admin.getByRole('checkbox', { name: 'Live text' }).uncheck();
    await expect(secondTool).toBeDisabled();
    await expect(secondTool).toHaveAttribute('title', 'Live text was withdrawn from you');
    await context.close();
  } finally {
    await phone.stop();
  }
});
