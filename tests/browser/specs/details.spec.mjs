import { test, expect, signIn, addTechnician, tomsSessionWithPhone } from './fixtures.mjs';

test('the Details panel shows the phone\'s device and network, the start, the running duration and the people, live', async ({ page, server }) => {
  test.setTimeout(120_000);
  const phone = await tomsSessionWithPhone(page, server);
  try {
    const details = page.getByTestId('details');
    await expect(details.getByTestId('details-device')).toHaveText(/^Sightline virtual phone · Linux/);
    await expect(details.getByTestId('details-app')).toHaveText(/^sightline-virtual-phone \d+\.\d+\.\d+/);
    await expect(details.getByTestId('details-sdk')).toHaveText(/^\d+\.\d+\.\d+/);
    await expect(details.getByTestId('details-network')).toHaveText('Wi-Fi');
    await expect(details.getByTestId('details-started')).not.toHaveText('—');
    const people = details.getByTestId('details-people').getByRole('listitem');
    await expect(people).toHaveCount(2);
    await expect(people.filter({ hasText: 'Tom Tech' }).getByText('primary', { exact: true })).toBeVisible();
    await expect(people.filter({ hasText: 'Virtual phone' }).getByText('customer', { exact: true })).toBeVisible();
    await expect(people.first()).toContainText('joined');

    // The duration runs.
    const duration = details.getByTestId('details-duration');
    const before = await duration.textContent();
    await expect(duration).not.toHaveText(before, { timeout: 10_000 });

    // The app reports another network: the panel follows without a reload.
    phone.command('network cellular');
    await expect(details.getByTestId('details-network')).toHaveText('Cellular', { timeout: 15_000 });
  } finally {
    await phone.stop();
  }
});

test('notes save while typing, survive a failed save and a reload, and never reach a secondary', async ({ page, browser, server }) => {
  test.setTimeout(120_000);
  await addTechnician(server, { email: 'tom@e2e.example', displayName: 'Tom Tech', password: 'tom password 1' });
  await signIn(page, server, 'tom@e2e.example', 'tom password 1');
  await page.getByRole('button', { name: 'Start a session' }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  const notes = page.getByTestId('notes');
  const state = page.getByTestId('notes-state');

  await notes.fill('Router model RX-200, firmware 1.4');
  await expect(state).toHaveText('Saved', { timeout: 10_000 });

  // A save that fails keeps the text and is retried until it goes through.
  let refused = 0;
  await page.route('**/notes', (route) => {
    if (route.request().method() === 'PUT' && refused < 2) {
      refused += 1;
      return route.abort('connectionrefused');
    }
    return route.continue();
  });
  await notes.press('End');
  await notes.pressSequentially('; reset done');
  await expect(state).toHaveText('Couldn’t save — retrying', { timeout: 10_000 });
  await expect(notes).toHaveValue('Router model RX-200, firmware 1.4; reset done');
  await expect(state).toHaveText('Saved', { timeout: 30_000 });
  expect(refused).toBe(2);
  await page.unroute('**/notes');

  // Typed and left at once: leaving the box saves.
  await notes.pressSequentially(', cable swapped');
  await page.getByRole('heading', { name: 'Notes' }).click();
  await expect(state).toHaveText('Saved', { timeout: 10_000 });
  await page.reload();
  await expect(notes).toHaveValue('Router model RX-200, firmware 1.4; reset done, cable swapped', { timeout: 15_000 });

  // The admin monitors the session as a secondary: no notes in its page or on its wire.
  const context = await browser.newContext();
  const secondary = await context.newPage();
  const carried = [];
  secondary.on('response', async (response) => {
    const body = await response.text().catch(() => '');
    if (/\/api\/sessions\/[^/]+\/notes/.test(response.url()) || body.includes('RX-200')) carried.push(response.url());
  });
  secondary.on('websocket', (socket) => socket.on('framereceived', (frame) => {
    if (String(frame.payload).includes('RX-200')) carried.push(socket.url());
  }));
  await signIn(secondary, server);
  await secondary.goto(page.url());
  await secondary.getByRole('button', { name: 'Monitor this session' }).click();
  await expect(secondary.getByTestId('chat')).toBeVisible({ timeout: 15_000 });
  await expect(secondary.getByTestId('details')).toBeVisible();
  await expect(secondary.getByTestId('notes')).toBeHidden();
  // The owner types on; the secondary still hears nothing of it.
  await notes.pressSequentially(' (RX-200 again)');
  await expect(state).toHaveText('Saved', { timeout: 10_000 });
  await expect(secondary.getByTestId('details-people').getByRole('listitem')).toHaveCount(2);
  expect(carried).toEqual([]);
  expect(await secondary.content()).not.toContain('RX-200');
  await context.close();
});
