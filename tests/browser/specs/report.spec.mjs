import { test, expect, tomsSessionWithPhone } from './fixtures.mjs';

test('the primary opens the session report and sees the people, the tools and the verified trail', async ({ page, server }) => {
  const phone = await tomsSessionWithPhone(page, server);
  try {
    await page.getByRole('button', { name: 'Flash' }).click();
    await expect(page.getByRole('button', { name: 'Flash' })).toHaveAttribute('aria-pressed', 'true', { timeout: 15_000 });
    await page.getByTestId('notes').fill('Router reset, light is green');
    // Notes save themselves while typing.
    await expect(page.getByTestId('notes-state')).toHaveText('Saved', { timeout: 15_000 });

    // The session's head is drawn again when the session changes (the phone's details arriving),
    // which can swallow a click landing at that moment: click until the report opens.
    await expect(async () => {
      await page.getByTestId('report-link').click();
      await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}\/report$/, { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByRole('heading', { name: 'Session report', level: 1 })).toBeVisible();

    const people = page.getByTestId('report-people');
    await expect(people.getByRole('row', { name: /Tom Tech primary/ })).toBeVisible();
    await expect(people.getByRole('row', { name: /customer/ })).toBeVisible();
    await expect(page.getByTestId('report-tools').getByRole('row', { name: 'torch 1 1 0' })).toBeVisible();
    await expect(page.getByTestId('report-notes')).toHaveText('Router reset, light is green');

    const verified = page.getByTestId('verification');
    await expect(verified).toContainText('Trail verified');
    const entries = await page.getByTestId('report-trail').locator('tbody tr').count();
    expect(entries).toBeGreaterThanOrEqual(4);
    await expect(verified).toContainText(`OK: ${entries} entries verified`);
    await expect(page.getByTestId('report-trail').getByRole('cell', { name: 'session started' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();

    // The printed view leaves the console's chrome out.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
    await expect(page.locator('#topbar')).toBeHidden();
    await expect(verified).toBeVisible();
  } finally {
    await phone.stop();
  }
});
