import { devices } from '@playwright/test';
import { test, expect, signIn, startPhone, readFrameCounter, counterOf } from './fixtures.mjs';

// The owner invites a guest from the Invite dialog's Guest tab; returns the single-use link it shows.
async function inviteGuest(owner, { email, name, comment, withhold = [] }) {
  await owner.getByRole('button', { name: 'Invite', exact: true }).click();
  const dialog = owner.getByRole('dialog', { name: 'Invite' });
  await dialog.getByRole('tab', { name: 'Guest' }).click();
  const form = dialog.getByRole('form', { name: 'Invite a guest technician' });
  await form.getByLabel('Guest’s email').fill(email);
  await form.getByLabel('Guest’s name').fill(name);
  if (comment) await form.getByLabel('Comment for the guest').fill(comment);
  for (const right of withhold) await form.getByRole('checkbox', { name: right, exact: true }).uncheck();
  await form.getByRole('button', { name: 'Send invitation' }).click();
  const link = await dialog.getByTestId('guest-invite-link').textContent();
  expect(link).toMatch(/\/guest\/[A-Za-z0-9_-]{43}$/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return link;
}

// The guest's status in the owner's invitations list.
function guestStatus(owner, name) {
  return owner.getByTestId('invitations').getByRole('listitem').filter({ hasText: name }).getByTestId('invitation-status');
}

async function refusedWith(page, title) {
  await expect(page.getByTestId('guest-refusal').getByRole('heading', { name: title })).toBeVisible();
}

test('a guest joins once from a desktop browser, sees the live camera with its narrowed tools, and the link is then used up', async ({ page: owner, browser, server }) => {
  await signIn(owner, server);
  await owner.getByRole('button', { name: 'Start a session' }).click();
  const code = (await owner.getByTestId('join-code').textContent()).replace(/ /g, '');
  const phone = await startPhone(server, code);
  try {
    await expect(owner.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    const link = await inviteGuest(owner, { email: 'gus@partner.example', name: 'Gus Guest', comment: 'Look at the left valve', withhold: ['Flash'] });
    await expect(guestStatus(owner, 'Gus Guest')).toHaveText('sent');

    // The guest opens the link in a desktop browser of its own, confirms its name and joins.
    const context = await browser.newContext();
    const guest = await context.newPage();
    await guest.goto(link);
    await expect(guest.getByTestId('invitation-comment')).toHaveText('Look at the left valve');
    await expect(guest.getByText(/will not have: flash/)).toBeVisible();
    await expect(guestStatus(owner, 'Gus Guest')).toHaveText('opened');
    const name = guest.getByLabel('Your name in the session');
    await expect(name).toHaveValue('Gus Guest');
    await name.fill('Gus (Valves Ltd)');
    await guest.getByRole('button', { name: 'Join the session' }).click();
    await expect(guest).toHaveURL(owner.url());
    await expect(guest.getByTestId('guest-note')).toContainText('You take part as Gus (Valves Ltd), a guest technician');

    // The live camera, decoded in the guest's browser.
    const video = guest.getByTestId('live-video');
    await expect(guest.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    const first = await counterOf(video);
    await expect.poll(() => readFrameCounter(video), { timeout: 15_000 }).toBeGreaterThan(first);
    // Its tools: the guest role's, less what the invitation withheld.
    await expect(guest.getByRole('button', { name: 'Scan QR' })).toBeVisible();
    await expect(guest.getByRole('button', { name: 'Flash' })).toHaveCount(0);
    await expect(guest.getByTestId('notes')).toBeHidden();
    await expect(guest.getByRole('button', { name: 'Invite', exact: true })).toHaveCount(0);
    await expect(guest.getByTestId('join-code')).toHaveCount(0);

    // The owner sees the guest with its badge, and the invitation joined.
    const gus = owner.getByTestId('participants').getByRole('listitem').filter({ hasText: 'Gus (Valves Ltd)' });
    await expect(gus.getByText('guest', { exact: true })).toBeVisible();
    await expect(guestStatus(owner, 'Gus Guest')).toHaveText('joined');

    // The guest leaves; the link is used up, also in the same browser.
    guest.once('dialog', (d) => d.accept());
    await guest.getByRole('button', { name: 'Leave session' }).click();
    await expect(guest.getByRole('heading', { name: 'You left the session' })).toBeVisible();
    await expect(guestStatus(owner, 'Gus Guest')).toHaveText('used');
    await expect(gus).toHaveCount(0);
    await guest.goto(link);
    await refusedWith(guest, 'This link was already used');
    await expect(guest.getByRole('alert')).toContainText('Ask the admin or the technician who invited you for a new invitation.');
    await context.close();

    // A second guest closes the browser while in the session: the link does not open again elsewhere.
    const second = await inviteGuest(owner, { email: 'ada@partner.example', name: 'Ada Expert' });
    const closing = await browser.newContext();
    const ada = await closing.newPage();
    await ada.goto(second);
    await ada.getByRole('button', { name: 'Join the session' }).click();
    await expect(ada.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await closing.close();
    const again = await browser.newContext();
    const retry = await again.newPage();
    await retry.goto(second);
    await refusedWith(retry, 'This link was already used');

    // A revoked invitation gets its own page.
    const third = await inviteGuest(owner, { email: 'rex@partner.example', name: 'Rex Revoked' });
    await owner.getByTestId('invitations').getByRole('listitem').filter({ hasText: 'Rex Revoked' }).getByRole('button', { name: 'Revoke' }).click();
    await expect(guestStatus(owner, 'Rex Revoked')).toHaveText('revoked');
    await retry.goto(third);
    await refusedWith(retry, 'This invitation was withdrawn');
    await again.close();
  } finally {
    await phone.stop();
  }
});

for (const device of ['iPhone 13', 'Pixel 7']) {
  test(`a guest link opened on a ${device} gets the desktop-only page`, async ({ page: owner, browser, server }) => {
    await signIn(owner, server);
    await owner.getByRole('button', { name: 'Start a session' }).click();
    const link = await inviteGuest(owner, { email: 'mo@partner.example', name: 'Mo Mobile' });
    const { defaultBrowserType, ...emulation } = devices[device];
    const context = await browser.newContext(emulation);
    const phone = await context.newPage();
    await phone.goto(link);
    await refusedWith(phone, 'Open this link on a computer');
    await expect(phone.getByRole('button', { name: 'Join the session' })).toHaveCount(0);
    // The server refuses it too, whatever the page does.
    const answer = await phone.request.get(link.replace('/guest/', '/api/guest/invitations/'));
    expect(answer.status()).toBe(403);
    expect((await answer.json()).error.code).toBe('mobile_device');
    await context.close();
    // Nothing was used up: a desktop browser still joins with the same link.
    const desktop = await browser.newContext();
    const guest = await desktop.newPage();
    await guest.goto(link);
    await guest.getByRole('button', { name: 'Join the session' }).click();
    await expect(guest).toHaveURL(owner.url());
    await expect(guestStatus(owner, 'Mo Mobile')).toHaveText('joined');
    await desktop.close();
  });
}

test('an iPad in desktop mode (a Mac with a touch screen to the page) gets the desktop-only page', async ({ page: owner, browser, server }) => {
  await signIn(owner, server);
  await owner.getByRole('button', { name: 'Start a session' }).click();
  const link = await inviteGuest(owner, { email: 'ida@partner.example', name: 'Ida iPad' });
  // Safari on iPadOS sends the Mac's User-Agent and no client hints: only the page can tell.
  const context = await browser.newContext({
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  });
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' });
    Object.defineProperty(Navigator.prototype, 'maxTouchPoints', { get: () => 5 });
    Object.defineProperty(Navigator.prototype, 'userAgentData', { get: () => undefined });
  });
  const ipad = await context.newPage();
  await ipad.goto(link);
  await refusedWith(ipad, 'Open this link on a computer');
  await context.close();
  await expect(guestStatus(owner, 'Ida iPad')).toHaveText('sent');
});
