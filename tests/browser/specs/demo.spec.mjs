// The demo as a newcomer meets it: `sightline-demo` prints the sign-ins, the first
// technician invites the second (who accepts and sees the phone's video) and a guest
// (whose link the console points to in the mail outbox, and who gets the guest's tools),
// and a restarted demo lists only its own session. Screenshots of each step are kept
// with the test's output.
import { test as base, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn, counterOf, readFrameCounter } from './fixtures.mjs';
import { startDemo, openDemoSession } from './demo.mjs';

const test = base.extend({
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-demo-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});


test('a newcomer tries collaboration in the demo, and a restarted demo lists only its own session', async ({ browser, dataDir }, testInfo) => {
  const shot = (page, name) => page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  test.setTimeout(240_000);
  let demo = await startDemo(dataDir);
  try {
    expect(demo.signIns.map((s) => s.email)).toEqual(['demo@sightline.example', 'second@sightline.example']);
    expect(demo.printed).toContain('private window');
    const [first, second] = demo.signIns;
    const server = { url: demo.url };

    const owner = await (await browser.newContext()).newPage();
    await signIn(owner, server, first.email, first.password);
    await openDemoSession(owner);

    // The second technician signs in in a context of their own, so they count as online.
    const colleague = await (await browser.newContext()).newPage();
    await signIn(colleague, server, second.email, second.password);
    await expect(colleague.getByTestId('incoming-invitations')).toHaveAttribute('data-feed', 'connected');

    await owner.getByRole('button', { name: 'Invite', exact: true }).click();
    const dialog = owner.getByRole('dialog', { name: 'Invite' });
    await expect(dialog.getByRole('radio', { name: /Field support/ })).toBeVisible();
    await expect(dialog.getByRole('radio', { name: /Equipment fault/ })).toBeVisible();
    await dialog.getByRole('radio', { name: /Second technician/ }).check();
    await shot(owner, 'invite-internal');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeHidden();

    const incoming = colleague.getByRole('complementary', { name: 'Invitations for you' });
    await incoming.getByRole('button', { name: 'Accept' }).click();
    await colleague.getByRole('dialog', { name: 'Join the session' }).getByRole('button', { name: 'Join the session' }).click();
    await expect(colleague).toHaveURL(owner.url());
    const colleagueVideo = colleague.getByTestId('live-video');
    const seen = await counterOf(colleagueVideo);
    await expect.poll(() => readFrameCounter(colleagueVideo), { timeout: 30_000 }).toBeGreaterThan(seen);

    // A guest: invited by email; the console points to the mail outbox, whose link opens in a
    // third context.
    await owner.getByRole('button', { name: 'Invite', exact: true }).click();
    await dialog.getByRole('tab', { name: 'Guest' }).click();
    const form = dialog.getByRole('form', { name: 'Invite a guest technician' });
    await form.getByLabel('Guest’s email').fill('expert@partner.example');
    await form.getByLabel('Guest’s name').fill('Erin Expert');
    await form.getByRole('checkbox', { name: 'Flash', exact: true }).uncheck();
    await shot(owner, 'invite-guest');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    const notice = dialog.getByTestId('guest-mail-notice');
    await expect(notice).toContainText('No mail server is set up');
    await shot(owner, 'guest-sent');
    // The owner follows the notice's link to the outbox, a tab of its own beside the session.
    const [outbox] = await Promise.all([owner.context().waitForEvent('page'), notice.getByRole('link', { name: 'Mail outbox' }).click()]);
    await expect(outbox).toHaveURL(`${demo.url}/admin/outbox`);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const mail = outbox.getByRole('row').filter({ hasText: 'expert@partner.example' });
    await mail.locator('summary').click();
    const body = await mail.locator('pre').textContent();
    const link = body.match(/http:\/\/\S+\/guest\/\S+/)?.[0];
    expect(link, body).toBeTruthy();

    const guest = await (await browser.newContext()).newPage();
    await guest.goto(link);
    await guest.getByRole('button', { name: 'Join the session' }).click();
    await expect(guest.getByRole('button', { name: 'Scan QR' })).toBeVisible();
    await expect(guest.getByRole('button', { name: 'Flash' })).toHaveCount(0);
    await expect(guest.getByRole('button', { name: 'Snapshot' })).toHaveCount(0);
    await expect(guest.getByRole('button', { name: 'Invite', exact: true })).toHaveCount(0);
    const guestVideo = guest.getByTestId('live-video');
    const guestSeen = await counterOf(guestVideo);
    await expect.poll(() => readFrameCounter(guestVideo), { timeout: 30_000 }).toBeGreaterThan(guestSeen);
    await expect(owner.getByTestId('participants').getByText('Erin Expert', { exact: true })).toBeVisible();

    // Stopped and started again: only the new run's session is listed.
    const earlier = new URL(owner.url()).pathname.split('/')[2];
    const key = readFileSync(join(dataDir, 'audit.key'));
    await demo.stop();
    demo = await startDemo(dataDir);
    expect(demo.printed).toContain('Ended 1 session(s) left behind');
    // The restart kept the audit key: the earlier session's trail, ended by this run, verifies.
    expect(readFileSync(join(dataDir, 'audit.key')).equals(key)).toBe(true);
    const verified = execFileSync(process.env.SIGHTLINE_BIN, ['audit', 'verify', '--session', earlier, '--data-dir', dataDir], { encoding: 'utf8' });
    expect(verified).toMatch(/^OK: \d+ entries verified/);
    const again = await (await browser.newContext()).newPage();
    await signIn(again, { url: demo.url }, demo.signIns[0].email, demo.signIns[0].password);
    await expect(again.getByRole('row').filter({ has: again.getByRole('link', { name: 'Open' }) })).toHaveCount(1);
    await expect(again.getByText('Customer connected')).toHaveCount(1, { timeout: 30_000 });
    await shot(again, 'sessions-after-restart');
    await openDemoSession(again);
  } finally {
    await demo.stop();
  }
});
