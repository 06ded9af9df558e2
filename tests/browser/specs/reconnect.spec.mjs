import { test, expect, signIn, startPhone, readFrameCounter } from './fixtures.mjs';

test('a phone network change: the console shows reconnecting, then the same session goes on live', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('button', { name: 'Start a session' }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  const sessionUrl = page.url();
  const code = (await page.getByTestId('join-code').textContent()).replace(/ /g, '');
  const phone = await startPhone(server, code);
  try {
    const video = page.getByTestId('live-video');
    const panel = page.getByRole('region', { name: 'Live video' });
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await expect.poll(() => readFrameCounter(video), { timeout: 30_000 }).not.toBeNull();

    phone.networkChange();
    await expect(panel).toHaveAttribute('data-state-history', /live reconnecting live$/, { timeout: 30_000 });
    const after = await readFrameCounter(video);
    await expect.poll(() => readFrameCounter(video), { timeout: 20_000 }).toBeGreaterThan(after ?? 0);
    await expect.poll(() => phone.output()).toContain('IceReconnected');

    // Nothing about the session was lost: same session, same participants, still connected.
    expect(page.url()).toBe(sessionUrl);
    const id = sessionUrl.split('/').pop();
    const session = await (await page.request.get(`${server.url}/api/sessions/${id}`)).json();
    expect(session.status).toBe('connected');
    expect(session.participants.filter((p) => p.role === 'customer')).toHaveLength(1);
  } finally {
    await phone.stop();
  }
});
