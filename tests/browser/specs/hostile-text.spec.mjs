import { test, expect, signIn, startPhone, addTechnician } from './fixtures.mjs';

// Markup that would run if any of it were parsed as HTML rather than shown as text.
const NAME = '<img src=x onerror="window.__pwned=\'name\'">Eve';
const CHAT = '<script>window.__pwned="chat"</script><b>bold</b><img src=x onerror="window.__pwned=\'chat\'">';
const QR = '<svg onload="window.__pwned=\'qr\'"><a href="javascript:alert(1)">code</a>';

test('names, chat and scanned codes full of markup show as plain text and never run', async ({ page, server }) => {
  await addTechnician(server, { email: 'eve@e2e.example', displayName: NAME, password: 'eve password 1' });
  await signIn(page, server, 'eve@e2e.example', 'eve password 1');
  await page.getByRole('button', { name: 'Start a session' }).click();
  const code = (await page.getByTestId('join-code').textContent()).replace(/ /g, '');
  const phone = await startPhone(server, code, { width: 1280, height: 720, args: ['--qr', QR] });
  try {
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await expect(page.getByTestId('participants').getByText(NAME)).toBeVisible();

    const chat = page.getByTestId('chat');
    await chat.getByLabel('Message').fill(CHAT);
    await chat.getByLabel('Message').press('Enter');
    await expect(page.getByTestId('chat-log').getByText(CHAT)).toBeVisible();

    await page.getByRole('button', { name: 'Scan QR' }).click();
    await expect(page.getByTestId('scan-results').getByText(QR)).toBeVisible({ timeout: 30_000 });

    // Shown as text: none of it became an element, and nothing ran (even after a reload,
    // which renders the stored chat and names afresh).
    for (const round of ['live', 'reloaded']) {
      if (round === 'reloaded') {
        await page.reload();
        await expect(page.getByTestId('chat-log').getByText(CHAT)).toBeVisible();
        await expect(page.getByTestId('participants').getByText(NAME)).toBeVisible();
      }
      expect(await page.locator('img[src="x"], [onerror], [onload], a[href^="javascript:"], .chat-log b').count(), round).toBe(0);
      expect(await page.evaluate(() => window.__pwned), round).toBeUndefined();
    }
  } finally {
    await phone.stop();
  }
});
