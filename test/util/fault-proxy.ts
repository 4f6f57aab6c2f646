// A loopback HTTP proxy in front of a local AWS endpoint (moto, or a recording endpoint) that injects
// the faults real deployments meet, at a fixed rate with seeded kinds: HTTP 500 and 503, the service's
// throttling error, and connections held past the client's request timeout. The rest passes through.

import * as http from 'http';
import * as net from 'net';

export type Fault = 'http-500' | 'http-503' | 'throttling' | 'hang';
const FAULTS: Fault[] = ['http-500', 'http-503', 'throttling', 'hang'];

export interface FaultStats {
  readonly seed: number;
  requests: number;
  faults: number;
  /** Requests the SDK sent as a retry (its `amz-sdk-request: attempt=N` header, N > 1). */
  retries: number;
  readonly byFault: Record<Fault, number>;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same fault schedule. */
/* eslint-disable no-bitwise */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

export class FaultProxy {
  public static async start(target: string, seed: number, faultRate: number): Promise<FaultProxy> {
    const proxy = new FaultProxy(new URL(target), seed, faultRate);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  public readonly stats: FaultStats;
  private readonly server: http.Server;
  private readonly random: () => number;
  private readonly sockets = new Set<net.Socket>();
  /** While false (setting up and checking AWS state), everything passes through. */
  private active = true;

  private constructor(private readonly target: URL, seed: number, private readonly faultRate: number) {
    this.random = seededRandom(seed);
    this.stats = { seed, requests: 0, faults: 0, retries: 0, byFault: { 'http-500': 0, 'http-503': 0, 'throttling': 0, 'hang': 0 } };
    this.server = http.createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** Runs `work` with faults switched off (test setup and assertions talk to AWS through here too). */
  public async withoutFaults<T>(work: () => Promise<T>): Promise<T> {
    this.active = false;
    try {
      return await work();
    } finally {
      this.active = true;
    }
  }

  public async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!this.active) {
        this.forward(request, body, response);
        return;
      }
      this.stats.requests++;
      const attempt = /attempt=(\d+)/.exec(String(request.headers['amz-sdk-request'] ?? ''));
      if (attempt && Number(attempt[1]) > 1) this.stats.retries++;
      if (!this.isFaultTurn(this.stats.requests)) {
        this.forward(request, body, response);
        return;
      }
      const fault = FAULTS[Math.floor(this.random() * FAULTS.length)];
      this.stats.faults++;
      this.stats.byFault[fault]++;
      this.inject(fault, request, response);
    });
  }

  /**
   * Spreads faults evenly at the fault rate, rounding up: after n requests exactly ceil(rate × n) were
   * faults, so even a short lifecycle meets the rate. Which fault each is comes from the seed.
   */
  private isFaultTurn(requestNumber: number): boolean {
    return Math.ceil(requestNumber * this.faultRate) > Math.ceil((requestNumber - 1) * this.faultRate);
  }

  private inject(fault: Fault, request: http.IncomingMessage, response: http.ServerResponse): void {
    const isQueryProtocol = String(request.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
    switch (fault) {
      case 'http-500':
      case 'http-503': {
        const status = fault === 'http-500' ? 500 : 503;
        response.writeHead(status, { 'content-type': 'text/plain' }).end(`injected ${status}`);
        return;
      }
      case 'throttling':
        if (isQueryProtocol) {
          // Redshift's query protocol: HTTP 400 with an XML error document.
          response.writeHead(400, { 'content-type': 'text/xml' }).end(
            '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>'
            + '<RequestId>injected</RequestId></ErrorResponse>');
        } else {
          // JSON protocols (Redshift Serverless, MemoryDB, DocumentDB elastic).
          response.writeHead(429, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException' })
            .end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        }
        return;
      case 'hang':
        // Never answer: the client's request timeout fires, and closing the proxy frees the socket.
        return;
    }
  }

  private forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const upstream = http.request({
      hostname: this.target.hostname,
      port: this.target.port,
      method: request.method,
      path: request.url,
      headers: { ...request.headers, host: this.target.host },
    }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', (error) => response.writeHead(502).end(String(error)));
    upstream.end(body);
  }
}
