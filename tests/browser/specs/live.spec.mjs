import { test, expect, signIn, startPhone, readFrameCounter, counterOf } from './fixtures.mjs';

test('technicians watch the virtual phone live: real decoded frames with an advancing counter', async ({ page, browser, server }) => {
  // A technician starts the session; the phone joins with its code.
  const admin = await page.request.post(`${server.url}/api/auth/login`, { data: { email: server.email, password: server.password } });
  const csrf = (await admin.json()).csrf_token;
  const created = await page.request.post(`${server.url}/api/technicians`, {
    data: { email: 'tom@e2e.example', display_name: 'Tom Tech', password: 'tom password 1' },
    headers: { 'X-CSRF-Token': csrf },
  });
  expect(created.status()).toBe(201);
  await page.context().clearCookies();

  await signIn(page, server, 'tom@e2e.example', 'tom password 1');
  await page.getByRole('button', { name: 'Start a session' }).click();
  const code = (await page.getByTestId('join-code').textContent()).replace(/ /g, '');
  await expect(page.getByTestId('phone-state')).toHaveText('Waiting for the customer’s phone');
  const phone = await startPhone(server, code);
  try {
    const video = page.getByTestId('live-video');
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    const first = await counterOf(video);
    await expect.poll(() => readFrameCounter(video), { timeout: 15_000 }).toBeGreaterThan(first + 5);
    await expect(page.getByTestId('video-stats')).toHaveText(/^640×360 · \d+ fps · \d+ kbit\/s$/, { timeout: 15_000 });
    expect(await video.evaluate((v) => [v.videoWidth, v.videoHeight])).toEqual([640, 360]);

    // A second technician (an org admin monitoring) watches the same phone at once.
    const context = await browser.newContext();
    const second = await context.newPage();
    await signIn(second, server);
    await second.goto(page.url());
    await second.getByRole('button', { name: 'Monitor this session' }).click();
    const secondVideo = second.getByTestId('live-video');
    await expect(second.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    const seen = await counterOf(secondVideo);
    await expect.poll(() => readFrameCounter(secondVideo), { timeout: 15_000 }).toBeGreaterThan(seen);
    // The first technician's picture keeps moving too.
    const now = await counterOf(video);
    await expect.poll(() => readFrameCounter(video), { timeout: 15_000 }).toBeGreaterThan(now);

    const metrics = await (await page.request.get(`${server.url}/metrics`)).text();
    expect(metrics).toContain('sightline_sessions_live 1');
    expect(metrics).toContain('sightline_streams_published 1');
    expect(metrics).toContain('sightline_streams_forwarded 2');

    // Ending the session ends it on the phone too.
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => phone.output(), { timeout: 15_000 }).toContain('TechnicianEnded');
    await expect(second.getByTestId('phone-state')).toHaveText('The session has ended', { timeout: 15_000 });
    await context.close();
  } finally {
    await phone.stop();
  }
});
