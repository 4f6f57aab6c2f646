import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { CreateClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';

/**
 * A moto server (a local AWS endpoint) on a free loopback port, for lifecycle tests.
 * `scripts/ensure-python-tools.sh` (run by the test task) installs moto where it is missing;
 * if it still cannot start, the test fails: it never skips.
 */
export class MotoServer {
  public static async start(): Promise<MotoServer> {
    const port = await freePort();
    const python = process.env.PYTHON ?? 'python3';
    // moto.server with our patches where moto departs from AWS in ways a handler depends on (moto-patches/).
    const bootstrap = 'import sys; sys.path.insert(0, sys.argv.pop(1)); import grant_tags, snapshot_access; from moto.server import main; main(sys.argv[1:])';
    const patches = path.join(__dirname, 'moto-patches');
    const child = spawn(python, ['-c', bootstrap, patches, '-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
    const server = new MotoServer(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      try {
        const response = await fetch(`${server.endpoint}/moto-api/`);
        if (response.ok) return server;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    child.kill();
    throw new Error(`moto server did not start on port ${port} (run scripts/ensure-python-tools.sh): ${stderr}`);
  }

  private constructor(private readonly child: ChildProcess, public readonly endpoint: string) {}

  /** Forgets every resource, so that tests do not see each other's clusters. */
  public async reset(): Promise<void> {
    await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST' });
  }

  public async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill();
    });
  }
}

/** Credentials and settings of an SDK client that talks to moto. */
export function motoClientConfig(endpoint: string, region: string) {
  return { endpoint, region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A moto server for the test file, reset before each test with the given provisioned clusters created in
 * `region`. Returns accessors: the server and a Redshift client to it exist once the hooks have run.
 */
export function motoWithRedshiftClusters(region: string, clusterIdentifiers: string[]): { moto: () => MotoServer; redshift: () => RedshiftClient } {
  let moto: MotoServer;
  let redshift: RedshiftClient;
  beforeAll(async () => {
    moto = await MotoServer.start();
    redshift = new RedshiftClient(motoClientConfig(moto.endpoint, region));
  });
  afterAll(async () => {
    redshift?.destroy();
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    for (const ClusterIdentifier of clusterIdentifiers) {
      await redshift.send(new CreateClusterCommand({
        ClusterIdentifier, NodeType: 'ra3.xlplus', MasterUsername: 'admin', MasterUserPassword: 'Password1', ClusterType: 'single-node',
      }));
    }
  });
  return { moto: () => moto, redshift: () => redshift };
}
