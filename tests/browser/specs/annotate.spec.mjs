import { test, expect, signIn, tomsSessionWithPhone, redAt, drag } from './fixtures.mjs';

// The phone's overlay changes of `kind` so far, from its JSON status lines.
const overlayLines = (phone, kind) => phone.output().split('\n').filter((l) => l.startsWith('{') && JSON.parse(l).overlay === kind).length;

test('technicians annotate the live picture: seen by the other technician, drawn by the phone, given to a late joiner, removed and cleared', async ({ page, browser, server }) => {
  const phone = await tomsSessionWithPhone(page, server);
  try {
    const video = page.getByTestId('live-video');
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
