// A loopback HTTP endpoint that records what the real AWS SDK client sends and answers with the
// documented response shapes: a stand-in for services moto does not implement (Redshift Serverless,
// DocumentDB elastic clusters), to prove requests and responses at the wire level.

import * as http from 'http';
import * as net from 'net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The body parsed as JSON (undefined when empty). */
  readonly body: any;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/** Decides the answer to each request; `undefined` answers 400 UnknownOperationException. */
export type Router = (request: RecordedRequest) => Answer | undefined;

export class RecordingEndpoint {
  public static async start(router: Router): Promise<RecordingEndpoint> {
    const endpoint = new RecordingEndpoint(router);
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  /** The awsJson operation of a request (`X-Amz-Target: Service.Operation`). */
  public static target(request: RecordedRequest): string {
    return String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
  }

  public readonly requests: RecordedRequest[] = [];
  private readonly server: http.Server;

  private constructor(private readonly router: Router) {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: text ? JSON.parse(text) : undefined,
        };
        this.requests.push(recorded);
        const answer = this.router(recorded)
          ?? { status: 400, body: { __type: 'UnknownOperationException', message: `no route for ${recorded.method} ${recorded.path}` } };
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(JSON.stringify(answer.body));
      });
    });
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
