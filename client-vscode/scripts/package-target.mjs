// A platform-specific .vsix: node scripts/package-target.mjs linux-x64|win32-x64|darwin-arm64
// (server built by build-server.mjs --target, then vsce package --target) → policylsp-<target>-<version>.vsix.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2];
if (!target) {
  console.error('usage: node scripts/package-target.mjs linux-x64|win32-x64|darwin-arm64');
  process.exit(2);
}
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const run = (command, args) => execFileSync(command, args, { cwd: here, stdio: 'inherit' });
const bin = (name) => join(here, 'node_modules', '.bin', name);

run(bin('tsc'), ['--noEmit', '-p', '.']);
run(process.execPath, [join(here, 'scripts', 'build-server.mjs'), '--target', target]);
run('npm', ['run', '--silent', 'bundle']);
const vsix = `policylsp-${target}-${version}.vsix`;
run(bin('vsce'), ['package', '--target', target, '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', vsix]);
console.log(vsix);
