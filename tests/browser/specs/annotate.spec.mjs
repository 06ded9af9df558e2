import { test, expect, signIn, startPhone, addTechnician } from './fixtures.mjs';

// Whether the decoded picture is red around (x, y), normalised to the picture.
async function redAt(video, x, y) {
  return video.evaluate((v, [nx, ny]) => {
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(v, 0, 0);
    const d = ctx.getImageData(Math.round(nx * v.videoWidth) - 4, Math.round(ny * v.videoHeight) - 4, 9, 9).data;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 150 && d[i + 1] < 110 && d[i + 2] < 110) return true;
    return false;
  }, [x, y]);
}

// Drags the mouse over the annotation layer from one normalised point of the picture to another.
async function drag(page, from, to) {
  const box = await page.getByTestId('annotation-layer').boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(from));
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(...at([from[0] + ((to[0] - from[0]) * i) / 8, from[1] + ((to[1] - from[1]) * i) / 8]));
  await page.mouse.up();
}

// The phone's overlay changes of `kind` so far, from its JSON status lines.
const overlayLines = (phone, kind) => phone.output().split('\n').filter((l) => l.startsWith('{') && JSON.parse(l).overlay === kind).length;

test('technicians annotate the live picture: seen by the other technician, drawn by the phone, given to a late joiner, removed and cleared', async ({ page, browser, server }) => {
  await addTechnician(server, { email: 'tom@e2e.example', displayName: 'Tom Tech', password: 'tom password 1' });
  await signIn(page, server, 'tom@e2e.example', 'tom password 1');
  await page.getByRole('button', { name: 'Start a session' }).click();
  const code = (await page.getByTestId('join-code').textContent()).replace(/ /g, '');
  const phone = await startPhone(server, code);
  try {
    const video = page.getByTestId('live-video');
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await expect.poll(() => video.evaluate((v) => v.videoWidth), { timeout: 30_000 }).toBe(640);
    expect(await redAt(video, 0.25, 0.5)).toBe(false);

    // The owner draws a red rectangle: the phone's overlay model holds it and the phone draws it into the video.
    const tools = page.getByRole('toolbar', { name: 'Annotation tools' });
    await tools.getByRole('button', { name: 'red' }).click();
    await tools.getByRole('button', { name: 'Rectangle' }).click();
    await drag(page, [0.25, 0.25], [0.75, 0.75]);
    const list = page.getByTestId('annotations');
    await expect(list.getByRole('listitem')).toHaveText([/^Rectangle by Tom Tech\s*Remove$/]);
    await expect.poll(() => overlayLines(phone, 'added'), { timeout: 15_000 }).toBe(1);
    expect(phone.output()).toContain('"shape":"rectangle"');
    await expect.poll(() => redAt(video, 0.25, 0.5), { timeout: 15_000 }).toBe(true);
    await expect(page.locator('.annotation-layer rect title')).toHaveText('Rectangle by Tom Tech');

    // A technician who joins later (the admin, monitoring) gets the current list.
    const context = await browser.newContext();
    const second = await context.newPage();
    await signIn(second, server);
    await second.goto(page.url());
    await second.getByRole('button', { name: 'Monitor this session' }).click();
    const secondList = second.getByTestId('annotations');
    await expect(secondList.getByRole('listitem')).toHaveText([/^Rectangle by Tom Tech$/], { timeout: 15_000 });
    await expect(second.locator('.annotation-layer rect')).toHaveCount(1);
    // Not the owner: no "clear all"; not the author: no "remove".
    const secondTools = second.getByRole('toolbar', { name: 'Annotation tools' });
    await expect(secondTools.getByRole('button', { name: 'Clear all' })).toBeHidden();
    await expect(secondList.getByRole('button', { name: 'Remove' })).toHaveCount(0);

    // The second technician draws an arrow: the owner sees it live, the phone holds both.
    await secondTools.getByRole('button', { name: 'blue' }).click();
    await secondTools.getByRole('button', { name: 'Arrow' }).click();
    await expect(second.getByTestId('live-video')).toBeVisible();
    await drag(second, [0.1, 0.9], [0.4, 0.6]);
    await expect(list.getByRole('listitem')).toHaveText([/^Rectangle by Tom Tech\s*Remove$/, /^Arrow by Admin$/], { timeout: 15_000 });
    await expect.poll(() => overlayLines(phone, 'added'), { timeout: 15_000 }).toBe(2);

    // Each removes its own.
    await secondList.getByRole('listitem').filter({ hasText: 'Arrow' }).getByRole('button', { name: 'Remove' }).click();
    await expect(list.getByRole('listitem')).toHaveCount(1, { timeout: 15_000 });
    await expect.poll(() => overlayLines(phone, 'removed'), { timeout: 15_000 }).toBe(1);

    // The owner clears all: gone everywhere, and from the phone's picture.
    await tools.getByRole('button', { name: 'Clear all' }).click();
    await expect(secondList.getByRole('listitem')).toHaveCount(0, { timeout: 15_000 });
    await expect(list.getByRole('listitem')).toHaveCount(0);
    await expect.poll(() => overlayLines(phone, 'cleared'), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => redAt(video, 0.25, 0.5), { timeout: 15_000 }).toBe(false);
    await context.close();
  } finally {
    await phone.stop();
  }
});
