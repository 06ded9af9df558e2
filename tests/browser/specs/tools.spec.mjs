import { test, expect, signIn, startPhone, readFrameCounter, grabPixels } from './fixtures.mjs';

// Mean brightness of the decoded picture below the counter strip.
async function brightness(video) {
  const { data } = await grabPixels(video, { y: 0.25, height: 0.5, maxWidth: 320 });
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
  return sum / (data.length / 4) / 3;
}

// Width, as a share of the picture, from the first to the last white pixel of the middle row:
// the span of the QR code's white plate, centred in the virtual phone's scene.
async function plateSpan(video) {
  const row = await grabPixels(video, { y: 0.5, height: 0 });
  let first = -1;
  let last = -1;
  for (let x = 0; x < row.width; x += 1) {
    const i = x * 4;
    if (Math.min(row.data[i], row.data[i + 1], row.data[i + 2]) > 215) {
      if (first < 0) first = x;
      last = x;
    }
  }
  return first < 0 ? 0 : (last - first + 1) / row.width;
}

test('the technician scans the QR code and the barcode in view, switches the torch and zooms', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('button', { name: 'Start a session' }).click();
  const code = (await page.getByTestId('join-code').textContent()).replace(/ /g, '');
  // The scene at the size a phone streams, so that its barcode survives the video codec.
  const phone = await startPhone(server, code, { width: 1280, height: 720, fps: 15 });
  try {
    const video = page.getByTestId('live-video');
    await expect(page.getByTestId('phone-state')).toHaveText('Live', { timeout: 30_000 });
    await expect.poll(() => readFrameCounter(video), { timeout: 30_000 }).not.toBeNull();

    await page.getByRole('button', { name: 'Scan QR' }).click();
    const results = page.getByTestId('scan-results');
    await expect(results.getByText('SIGHTLINE-DEMO-QR-0001')).toBeVisible({ timeout: 30_000 });
    await expect(results.getByText('QRCode')).toBeVisible();
    await expect(page.locator('.scan-overlay polygon')).toHaveCount(1);

    await page.getByRole('button', { name: 'Scan barcode' }).click();
    await expect(results.getByText('SL-4711-AB')).toBeVisible({ timeout: 30_000 });

    const dark = await brightness(video);
    await page.getByRole('button', { name: 'Flash' }).click();
    await expect(page.getByRole('button', { name: 'Flash' })).toHaveAttribute('aria-pressed', 'true', { timeout: 15_000 });
    await expect.poll(() => brightness(video), { timeout: 15_000 }).toBeGreaterThan(dark + 20);

    // The zoom offers the phone's range (1–8×) and shows the ratio the phone applied.
    const toolbar = page.getByRole('toolbar', { name: 'Camera tools' });
    await expect(toolbar.getByLabel('Zoom', { exact: true })).toHaveAttribute('max', '8', { timeout: 15_000 });
    const unzoomed = await plateSpan(video);
    expect(unzoomed).toBeGreaterThan(0.1);
    await toolbar.getByRole('button', { name: '2×', exact: true }).click();
    await expect(page.getByTestId('zoom-ratio')).toHaveText('2×', { timeout: 15_000 });
    // The decoded picture is magnified: the code's plate spans about twice the width.
    await expect.poll(() => plateSpan(video), { timeout: 15_000 }).toBeGreaterThan(unzoomed * 1.7);
    const id = page.url().split('/').pop();
    // The phone zoomed: the zoom command's audited outcome is `done`.
    await expect.poll(async () => {
      const audit = await (await page.request.get(`${server.url}/api/sessions/${id}/audit`)).json();
      const zoom = audit.find((e) => e.kind === 'command' && e.detail.command.action === 'zoom' && e.detail.command.ratio === 2);
      return zoom && audit.find((e) => e.kind === 'command_done' && e.detail.id === zoom.detail.id)?.detail.outcome.status;
    }, { timeout: 15_000 }).toBe('done');
    // The audit trail holds every command and its outcome.
    await expect.poll(async () => {
      const audit = await (await page.request.get(`${server.url}/api/sessions/${id}/audit`)).json();
      return audit.filter((e) => e.kind === 'command_done').length;
    }, { timeout: 15_000 }).toBe(4);
    const audit = await (await page.request.get(`${server.url}/api/sessions/${id}/audit`)).json();
    expect(audit.filter((e) => e.kind === 'scan_results').map((e) => e.detail.codes[0].text)).toEqual(['SIGHTLINE-DEMO-QR-0001', 'SL-4711-AB']);
  } finally {
    await phone.stop();
  }
});
