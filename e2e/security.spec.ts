import WebSocket from 'ws';
import { expect, test } from './fixtures';

type SocketOutcome = { opened: true } | { opened: false; status: number | null; error?: string };

/** Tries the host's WebSocket from Node, as another local program could. */
function tryConnect(url: string, headers: Record<string, string> = {}): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve({ opened: true });
    });
    socket.on('unexpected-response', (request, response) => {
      resolve({ opened: false, status: response.statusCode ?? null });
      request.destroy();
    });
    socket.on('error', (err) => resolve({ opened: false, status: null, error: err.message }));
  });
}

test.describe('without the token', () => {
  // The refusals themselves show up as failed loads in the console.
  test.use({ allowedConsoleErrors: [/status of 401 \(Unauthorized\)/] });

  test('the page is refused', async ({ host, page, request }) => {
    const response = await page.goto(`${host.origin}/`);
    expect(response?.status()).toBe(401);
    await expect(page.locator('body')).toContainText('needs its access token');
    await expect(page.locator('html')).not.toHaveAttribute('data-app-ready', 'true');

    expect((await request.get(`${host.origin}/index.html`)).status()).toBe(401);
    expect((await request.get(`${host.origin}/?token=not-the-token`)).status()).toBe(401);
  });
});

test('the WebSocket is refused without the token, and from another origin', async ({ app, host, page }) => {
  const socketUrl = `ws://127.0.0.1:${host.port}/lode`;
  expect(await tryConnect(socketUrl)).toEqual({ opened: false, status: 401 });

  // The browser that opened the printed URL holds the token as a cookie; with it the socket opens.
  await app.expectWorkspaceOpen(false);
  const cookie = (await page.context().cookies(host.origin)).map((c) => `${c.name}=${c.value}`).join('; ');
  expect(cookie).not.toBe('');
  expect(await tryConnect(socketUrl, { cookie })).toEqual({ opened: true });
  expect(await tryConnect(socketUrl, { cookie, origin: 'http://evil.example' })).toEqual({ opened: false, status: 403 });
});

test('a page whose WebSocket is refused says how to connect', async ({ host, page }) => {
  // Stands in for a host that refuses the socket (a stale or missing token) after the page loaded.
  await page.routeWebSocket(/\/lode$/, (socket) => socket.close({ code: 1008, reason: 'unauthorized' }));
  await page.goto(host.url);
  const message = page.getByTestId('not-connected');
  await expect(message).toContainText('Not connected to the Lode host: open the URL that lode web printed (it carries the access token)');
  await expect(page.locator('html')).toHaveAttribute('data-connection', 'failed');
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'false');
});
