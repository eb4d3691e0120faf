/**
 * The web tier's HTTP server: the Hono app on Node's http server with the timeouts and limits a
 * public service needs (security audit, issue 14). Without them Node holds a slow request body
 * for 300 s and a slow header for 60 s, checked only every 30 s, so a few clients trickling bytes
 * could hold every connection.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

export type ServerLimits = {
  /** The whole request, headers and body, must arrive within this (ms). */
  requestTimeoutMs: number;
  /** The request headers must arrive within this (ms). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
  /** How often the server looks for connections past their timeouts (ms). */
  checkIntervalMs: number;
  /** Open connections beyond this are refused. */
  maxConnections: number;
};

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 2_000,
  maxConnections: 1_000,
};

export type WebServer = { server: ServerType; port: number; close: () => Promise<void> };

export function serveWeb(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { port: number; hostname: string; limits?: Partial<ServerLimits> },
): Promise<WebServer> {
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch, port: options.port, hostname: options.hostname,
      serverOptions: {
        requestTimeout: limits.requestTimeoutMs,
        headersTimeout: limits.headersTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        connectionsCheckingInterval: limits.checkIntervalMs,
      },
    }, (info: AddressInfo) => resolve({
      server, port: info.port,
      close: () => new Promise<void>((done) => {
        server.close(() => done());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
    }));
    (server as unknown as { maxConnections: number }).maxConnections = limits.maxConnections;
    server.once('error', reject);
  });
}
