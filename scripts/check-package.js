#!/usr/bin/env node
// The last step of every packaging task (package:js, package:python, ...): fails, naming what is missing, when
// a package lacks a handler bundle. The constructs deploy their Lambda functions from the bundles in assets/,
// so a package without one installs fine and then fails the user's `cdk synth` ("Cannot find asset").
//
// Every jsii package carries the npm tarball: it is the npm package (dist/js/*.tgz), and the Python wheel and
// sdist, the Java jar, the .NET nupkg and the Go module (jsii/*.tgz) each embed it. This script reads each
// artifact under the language's dist folder, finds the npm tarball(s) in it and checks that every bundle is there.
// A rejected artifact is deleted, so that it cannot be published or installed by mistake.
//
// Usage: node scripts/check-package.js <dist/<language>> <bundle path, e.g. assets/lambda/index/index.js>...
// No dependencies (zip and tar are read with node's zlib), so it runs in every CI packaging job as is.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

/** Files of a tar archive: name and content. Handles ustar prefixes and pax/GNU long names. */
function tarEntries(buffer) {
  const entries = [];
  let offset = 0;
  let longName;
  while (offset + 512 <= buffer.length) {
    const header = buffer.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start, length) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const data = buffer.subarray(offset + 512, offset + 512 + size);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type === 'x') {
      const match = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      longName = match?.[1];
    } else if (type === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
    } else if (type === '0' || type === '' || type === '7') {
      entries.push({ name, data });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/** Files of a zip archive (wheel, jar, nupkg): name and content. */
function zipEntries(buffer) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localHeader = buffer.readUInt32LE(offset + 42);
    const name = buffer.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const dataStart = localHeader + 30 + buffer.readUInt16LE(localHeader + 26) + buffer.readUInt16LE(localHeader + 28);
    const raw = buffer.subarray(dataStart, dataStart + compressedSize);
    entries.push({ name, get data() { return method === 0 ? raw : zlib.inflateRawSync(raw); } });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The npm tarballs an artifact is or embeds, each as the list of its file names. */
function npmTarballs(file) {
  const buffer = fs.readFileSync(file);
  if (file.endsWith('.tgz')) return [tarEntries(zlib.gunzipSync(buffer)).map((entry) => entry.name)];
  const entries = file.endsWith('.tar.gz') ? tarEntries(zlib.gunzipSync(buffer)) : zipEntries(buffer);
  return entries.filter((entry) => entry.name.endsWith('.tgz'))
    .map((entry) => tarEntries(zlib.gunzipSync(entry.data)).map((name) => name.name));
}

/** The artifacts of a language's dist folder that must carry the npm tarball. */
function artifacts(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...artifacts(file));
    else if (/\.(tgz|whl|tar\.gz|nupkg)$/.test(entry.name) || (/\.jar$/.test(entry.name) && !/-(sources|javadoc)\.jar$/.test(entry.name))) found.push(file);
  }
  return found;
}

function main([dir, ...bundles]) {
  if (!dir || bundles.length === 0) throw new Error('usage: check-package.js <dist/<language>> <bundle>...');
  const files = fs.existsSync(dir) ? artifacts(dir) : [];
  if (files.length === 0) return [`${dir}: no package was made`];
  const problems = [];
  for (const file of files) {
    const tarballs = npmTarballs(file);
    const missing = tarballs.length === 0
      ? ['the npm tarball (.tgz) every jsii package carries']
      : bundles.filter((bundle) => tarballs.some((names) => !names.includes(`package/${bundle}`)));
    if (missing.length > 0) {
      problems.push(`${file} lacks ${missing.join(', ')}`);
      fs.rmSync(file);
    }
  }
  if (problems.length === 0) console.log(`${dir}: ${files.length} package(s), each with the handler bundle(s) ${bundles.join(', ')}`);
  return problems;
}

try {
  const problems = main(process.argv.slice(2));
  if (problems.length > 0) {
    const absent = process.argv.slice(3).filter((bundle) => !fs.existsSync(bundle));
    console.error([
      'Packaging failed: a package without its handler bundles would fail every `cdk synth` of its users.',
      ...problems.map((problem) => `  - ${problem} (deleted)`),
      absent.length > 0
        ? `Not built: ${absent.join(', ')}. Run \`npx projen bundle\` (or \`npx projen package:prepare\`) and package again.`
        : 'The bundles exist in assets/: check the packaging rules (.npmignore, generated from .projenrc.ts).',
    ].join('\n'));
    process.exit(1);
  }
} catch (error) {
  console.error(`check-package: ${error.message}`);
  process.exit(1);
}
