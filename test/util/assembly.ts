// Reads what a synthesized stack hands to CloudFormation: custom resource properties and the bundled
// handler behind a service token, from the cloud assembly on disk.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { HandlerRole } from './iam-simulation';
import { KindName } from '../../lib/handler-properties/kinds';

/** An App that writes its cloud assembly to a fresh temporary folder, with asset paths in the template. */
export function appWithAssembly(): App {
  return new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-db-snapshots-')),
    context: { 'aws:cdk:enable-asset-metadata': true },
  });
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly Metadata?: Record<string, any>;
}

/** Synthesizes the stack's app and returns its template from disk. */
export function synthesizedTemplate(stack: Stack): { Resources: Record<string, TemplateResource> } {
  const assembly = (stack.node.root as App).synth();
  return assembly.getStackByName(stack.stackName).template;
}

/** The properties of the only resource of `type`, as the template passes them to the handler. */
export function resourceProperties(stack: Stack, type: string): Record<string, unknown> {
  const resources = Object.values(synthesizedTemplate(stack).Resources).filter((resource) => resource.Type === type);
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  const { ServiceToken: _token, ...properties } = resources[0].Properties ?? {};
  return properties;
}

/** A handler as the stack deploys it: its bundled code and the role it runs with. */
export interface SynthesizedHandler {
  /** The bundled index.js inside the cloud assembly. */
  readonly bundle: string;
  /** The function's entry point in the bundle (its `Handler` without `index.`): both framework calls reach it. */
  readonly entryPoint: string;
  /** The role of the handler's function, with the policies of the synthesized template. */
  readonly role: HandlerRole;
  /** The kind (lib/handler-properties/kinds.ts): events carry its resource type, which the bundle routes by. */
  readonly kind: KindName;
}

/**
 * The handler of kind `handlerName` in the synthesized stack: the shared provider's one function (one bundle
 * routes every kind, and serves onEvent and isComplete alike), its entry point, its role, and the kind.
 */
export function synthesizedHandler(stack: Stack, handlerName: KindName): SynthesizedHandler {
  const outdir = (stack.node.root as App).outdir;
  const template = synthesizedTemplate(stack);
  const functions = Object.values(template.Resources).filter((resource) =>
    resource.Type === 'AWS::Lambda::Function'
    && String(resource.Properties?.Description ?? '').startsWith('cdk-db-snapshots custom resources'));
  if (functions.length !== 1) throw new Error(`expected the provider's one handler function of ${handlerName}, found ${functions.length}`);
  const fn = functions[0];
  const assetPath = fn.Metadata?.['aws:asset:path'];
  if (!assetPath) throw new Error(`no bundled handler of ${handlerName} in the assembly`);
  const bundle = path.join(outdir, assetPath, 'index.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npx projen bundle\``);
  const entryPoint = String(fn.Properties?.Handler).replace(/^index\./, '');
  return { bundle, entryPoint, role: HandlerRole.of(template), kind: handlerName };
}
