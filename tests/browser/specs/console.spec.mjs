import { test, expect, signIn } from './fixtures.mjs';

test('a technician signs in, starts a session and sees its code, link and QR code', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('button', { name: 'Start a session' }).click();

  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  const code = page.getByTestId('join-code');
  await expect(code).toHaveText(/^\d{3} \d{3} \d{3}$/);
  const digits = (await code.textContent()).replace(/ /g, '');
  await expect(page.getByTestId('join-link')).toHaveText(`${server.url}/join/${digits}`);

  const qr = page.getByRole('img', { name: 'QR code of the join link' });
  await expect(qr).toBeVisible();
  // The QR image really loaded and decoded in the browser.
  const size = await qr.evaluate(async (img) => {
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  });
  expect(size[0]).toBeGreaterThanOrEqual(300);
  expect(size[0]).toBe(size[1]);

  // The dashboard lists the session with its code.
  await page.getByRole('link', { name: 'Sessions' }).click();
  await expect(page.getByRole('cell', { name: `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` })).toBeVisible();
});

test('a wrong password is refused with a clear message', async ({ page, server }) => {
  await page.goto(`${server.url}/`);
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Email').fill(server.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('wrong email or password');
});

test('an admin adds a technician who can then sign in', async ({ page, browser, server }) => {
  await signIn(page, server);
  await page.getByRole('link', { name: 'Admin' }).click();
  const form = page.getByRole('form', { name: 'Add a technician' });
  await form.getByLabel('Email').fill('tess@e2e.example');
  await form.getByLabel('Display name').fill('Tess Tech');
  await form.getByLabel('Password').fill('tess password 1');
  await form.getByRole('button', { name: 'Add technician' }).click();
  await expect(page.getByRole('cell', { name: 'tess@e2e.example' })).toBeVisible();

  const other = await browser.newContext();
  const tess = await other.newPage();
  await signIn(tess, server, 'tess@e2e.example', 'tess password 1');
  await expect(tess.getByText('Tess Tech ·')).toBeVisible();
  await expect(tess.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await other.close();
});
