// Trunk post_build hook: puts the sha256 of each inline <script> of the staged index.html
// into its Content-Security-Policy, in place of 'TRUNK-LOADER-HASH' (see index.html). Trunk's
// loader script names hashed file names, so its hash changes with every build.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run me as a Trunk hook');
const file = join(dir, 'index.html');
const html = readFileSync(file, 'utf8');
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  (m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`,
);
if (!html.includes("'TRUNK-LOADER-HASH'")) throw new Error('index.html has no CSP placeholder');
if (hashes.length === 0) throw new Error('no inline script found in index.html');
writeFileSync(file, html.replace("'TRUNK-LOADER-HASH'", hashes.join(' ')));
console.log(`csp-hash: ${hashes.length} inline script(s) allowed by hash`);
