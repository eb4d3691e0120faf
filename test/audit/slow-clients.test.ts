/**
 * Security audit (issue 14): a client that trickles its request headers or body is cut off by the
 * web server's own timeouts instead of holding a connection for 300 s. The limits are set short
 * here; the defaults are in web/http-server.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { Hono } from 'hono';
import { serveWeb, type WebServer } from '../../web/http-server.js';

let web: WebServer;
beforeAll(async () => {
  const app = new Hono();
  app.post('/', async (c) => c.text(String((await c.req.text()).length)));
  web = await serveWeb(app.fetch, {
    port: 0, hostname: '127.0.0.1',
    limits: { requestTimeoutMs: 1500, headersTimeoutMs: 1000, checkIntervalMs: 200 },
  });
});
afterAll(async () => {
  await web?.close();
});

/** Resolves with what the server sent before it closed the connection. */
function untilClosed(socket: Socket): Promise<string> {
  let received = '';
  socket.on('data', (d) => (received += d.toString()));
  return new Promise((resolve) => socket.on('close', () => resolve(received)));
}

describe('slow clients', () => {
  it('a client that never finishes its headers is answered 408 and disconnected', async () => {
    const socket = connect(web.port, '127.0.0.1');
    const closed = untilClosed(socket);
    socket.write('POST / HTTP/1.1\r\nHost: localhost\r\n');
    const drip = setInterval(() => socket.write('X-Slow: a\r\n'), 300);
    try {
      expect(await closed).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  }, 20_000);

  it('a client that trickles its body is answered 408 and disconnected', async () => {
    const socket = connect(web.port, '127.0.0.1');
    const closed = untilClosed(socket);
    socket.write('POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n');
    const drip = setInterval(() => socket.write('a'), 200);
    try {
      expect(await closed).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  }, 20_000);

  it('a normal request is served', async () => {
    const res = await fetch(`http://127.0.0.1:${web.port}/`, { method: 'POST', body: 'hej' });
    expect(await res.text()).toBe('3');
  });
});
