import { test, expect, signIn, startServer, startPhone, counterOf, readFrameCounter } from './fixtures.mjs';

// Short, so the test sees a session whose phone never comes back end; the phone that does come
// back reconnects within the SDK's 4 s backoff after the server is up again.
const GRACE_SECS = 20;

async function startSession(page) {
  await page.getByRole('button', { name: 'Start a session' }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  const code = (await page.getByTestId('join-code').textContent()).replace(/ /g, '');
  return { id: page.url().split('/').pop(), code };
}

async function say(page, text) {
  const chat = page.getByTestId('chat');
  await chat.getByLabel('Message').fill(text);
  await chat.getByLabel('Message').press('Enter');
  await expect(page.getByTestId('chat-log').getByText(text)).toHaveCount(1);
}

test('the server killed mid-session and started again: the phone and the console come back by themselves, nothing is lost or doubled, and a session whose phone is gone ends as abandoned', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const server = await startServer(undefined, 60_000, ['--reconnect-grace-secs', String(GRACE_SECS)]);
  const phones = [];
  try {
    await signIn(page, server);
    const kept = await startSession(page);
    const phone = await startPhone(server, kept.code);
    phones.push(phone);
    const video = page.getByTestId('live-video');
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await counterOf(video);
    await say(page, 'Said before the crash');

    // A second session whose phone app dies before the server does: nobody comes back for it.
    const other = await browser.newPage();
    await signIn(other, server);
    const lost = await startSession(other);
    const lostPhone = await startPhone(server, lost.code);
    phones.push(lostPhone);
    await expect(other.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await lostPhone.crash();
    await other.close();

    await server.crash();
    await expect(page.getByTestId('phone-state')).not.toHaveText('Live', { timeout: 20_000 });
    await server.restart();

    // The phone reconnects with its token and the console with its sign-in: live again, the
    // picture moving, the same session.
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 60_000 });
    const after = await counterOf(video);
    await expect.poll(() => readFrameCounter(video), { timeout: 20_000 }).toBeGreaterThan(after);
    expect(phone.output()).toContain('SignalingConnected');
    await say(page, 'Said after the restart');

    // Nothing persisted is lost or doubled: the chat holds each message once, in order.
    await page.reload();
    const log = page.getByTestId('chat-log');
    await expect(log.getByText('Said after the restart')).toHaveCount(1);
    await expect(log.getByText('Said before the crash')).toHaveCount(1);
    const text = await log.textContent();
    expect(text.indexOf('Said before the crash')).toBeLessThan(text.indexOf('Said after the restart'));
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });

    // The session whose phone never came back ends as abandoned once the grace has passed;
    // the one that came back goes on.
    const status = async (id) => (await (await page.request.get(`${server.url}/api/sessions/${id}`)).json());
    await expect.poll(async () => { const s = await status(lost.id); return `${s.status} ${s.end_reason}`; }, { timeout: (GRACE_SECS + 30) * 1000 }).toBe('ended abandoned');
    expect((await status(kept.id)).status).toBe('connected');
  } finally {
    for (const phone of phones) await phone.stop();
    await server.stop();
  }
});
