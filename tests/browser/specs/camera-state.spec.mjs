import { test, expect, signIn, startPhone } from './fixtures.mjs';

// Starts a session and joins the virtual phone (with `args`) to it; resolves once it streams.
async function sessionWithPhone(page, server, args = []) {
  await signIn(page, server);
  await page.getByRole('button', { name: 'Start a session' }).click();
  const code = (await page.getByTestId('join-code').textContent()).replace(/ /g, '');
  const phone = await startPhone(server, code, { args });
  await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
  return phone;
}

test('a phone without torch or zoom greys those tools, and a torch command sent anyway gets the clear refusal', async ({ page, server }) => {
  const phone = await sessionWithPhone(page, server, ['--no-torch', '--max-zoom', '1']);
  try {
    const toolbar = page.getByRole('toolbar', { name: 'Camera tools' });
    await expect(toolbar.getByRole('button', { name: 'Flash' })).toBeDisabled({ timeout: 15_000 });
    await expect(toolbar.getByRole('button', { name: 'Flash' })).toHaveAttribute('title', 'This device has no torch');
    await expect(toolbar.getByLabel('Zoom', { exact: true })).toBeDisabled();
    await expect(toolbar.getByRole('button', { name: '2×', exact: true })).toHaveCount(0);
    // Sent anyway (the greyed button forced on): the phone refuses with its reason.
    await toolbar.getByRole('button', { name: 'Flash' }).evaluate((button) => { button.disabled = false; button.click(); });
    const id = page.url().split('/').pop();
    await expect.poll(async () => {
      const audit = await (await page.request.get(`${server.url}/api/sessions/${id}/audit`)).json();
      return audit.find((e) => e.kind === 'command_done')?.detail.outcome;
    }, { timeout: 15_000 }).toEqual({ status: 'failed', reason: 'this device has no torch' });
  } finally {
    await phone.stop();
  }
});

test('torch and zoom survive a phone network change, and a console opened later shows them', async ({ page, server }) => {
  const phone = await sessionWithPhone(page, server);
  try {
    const toolbar = page.getByRole('toolbar', { name: 'Camera tools' });
    await toolbar.getByRole('button', { name: 'Flash' }).click();
    await expect(toolbar.getByRole('button', { name: 'Flash' })).toHaveAttribute('aria-pressed', 'true', { timeout: 15_000 });
    await toolbar.getByRole('button', { name: '3×', exact: true }).click();
    await expect(page.getByTestId('zoom-ratio')).toHaveText('3×', { timeout: 15_000 });
    phone.networkChange();
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await page.reload();
    await expect(page.getByRole('toolbar', { name: 'Camera tools' }).getByRole('button', { name: 'Flash' })).toHaveAttribute('aria-pressed', 'true', { timeout: 15_000 });
    await expect(page.getByTestId('zoom-ratio')).toHaveText('3×');
  } finally {
    await phone.stop();
  }
});
