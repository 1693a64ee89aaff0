import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { contract } from '../../shared/contract';
import { createClient } from '../../shared/contract/client';
import { createSocketTransport, type SocketTransport } from '../../shared/contract/socket-transport';
import type { EventMessage } from '../../shared/contract/wire';
import { tempDir } from '../testing/temp';
import { LATEST_SCHEMA_VERSION } from '../workspace/migrations';
import { Host } from './host';
import { startWebServer, type WebServer } from './web-server';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(): Promise<{ server: WebServer; host: Host; dir: string }> {
  const dir = await tempDir();
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Lode</title>');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  const host = new Host({ userDir: join(dir, 'user') });
  const server = await startWebServer({ host, rendererDir });
  cleanups.push(async () => {
    await server.close();
    await host.close();
  });
  return { server, host, dir };
}

function connect(url: string, headers: Record<string, string> = {}): SocketTransport {
  const socket = new WebSocket(url, { headers });
  const transport = createSocketTransport(socket);
  cleanups.push(async () => transport.close());
  return transport;
}

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('error', () => resolve(-1));
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
  });
}

describe('lode web: the contract over a real WebSocket', () => {
  it('creates a workspace, reports errors with their field, and streams events', async () => {
    const { server, dir } = await serve();
    const transport = connect(`ws://127.0.0.1:${server.port}/lode?token=${server.token}`);
    const client = createClient(contract, transport);
    const events: EventMessage[] = [];
    transport.onEvent((e) => events.push(e));

    const info = await client.workspace.create({ path: join(dir, 'ws') });
    expect(info).toMatchObject({ name: 'ws', format: 1, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(events.some((e) => e.service === 'workspace' && e.event === 'changed')).toBe(true);

    const host = await client.host.info({});
    expect(host.transport).toBe('websocket');

    await expect(client.workspace.open({ path: 42 as unknown as string })).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: 'path' },
    });
    await expect(client.jobs.get({ id: 'missing' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    const { server } = await serve();
    const base = `ws://127.0.0.1:${server.port}/lode`;
    expect(await upgradeStatus(base)).toBe(401);
    expect(await upgradeStatus(`${base}?token=wrong`)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${server.token}`, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${base}?token=${server.token}`, { Origin: `http://127.0.0.1:${server.port}` })).toBe(101);
    expect(await upgradeStatus(base, { Cookie: `lode_token=${server.token}` })).toBe(101);

    const refused = connect(base);
    await expect(refused.ready).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('serves pages only with the token, moves it into an HttpOnly cookie, and never outside the renderer', async () => {
    const { server } = await serve();
    const root = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${root}/`)).status).toBe(401);

    const entry = await fetch(server.url, { redirect: 'manual' });
    expect(entry.status).toBe(302);
    const cookie = entry.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');

    const page = await fetch(`${root}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Lode</title>');

    const escape = await fetch(`${root}/..%2fsecret.txt`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect([400, 404]).toContain(escape.status);
  });

  it('answers a malformed frame with an error instead of dropping the connection', async () => {
    const { server } = await serve();
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/lode?token=${server.token}`);
    cleanups.push(async () => socket.close());
    await new Promise((resolve) => socket.once('open', resolve));
    const reply = new Promise<string>((resolve) => socket.once('message', (data: Buffer) => resolve(data.toString())));
    socket.send('{not json');
    expect(JSON.parse(await reply)).toMatchObject({ kind: 'result', ok: false, error: { code: 'bad_input' } });
  });
});
