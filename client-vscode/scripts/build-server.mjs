// Publishes the server into server/ and copies the config schema into schemas/.
//   node scripts/build-server.mjs                  framework-dependent policylsp.dll (the universal .vsix; needs .NET 10)
//   node scripts/build-server.mjs --target T       a server that needs no .NET, for the platform .vsix of vsce target T:
//     linux-x64     NativeAOT (needs clang; see scripts/publish-aot.sh)
//     win32-x64     self-contained single file, trimmed (policylsp.exe)
//     darwin-arm64  self-contained single file, trimmed
//     linux-x64-trimmed  the same for Linux: not shipped, it lets the tests run what the two builds above are made of
//   --out DIR     publish there instead of server/ (and leave schemas/ alone)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(here, '..');
const project = join(repo, 'src', 'PolicyLsp');
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(here, 'server');

const targetIndex = process.argv.indexOf('--target');
const target = targetIndex > 0 ? process.argv[targetIndex + 1] : undefined;

/** vsce target → .NET runtime identifier, how it is built, and the server file the extension runs. */
const TARGETS = {
  'linux-x64': { rid: 'linux-x64', aot: true, file: 'policylsp' },
  'win32-x64': { rid: 'win-x64', aot: false, file: 'policylsp.exe' },
  'darwin-arm64': { rid: 'osx-arm64', aot: false, file: 'policylsp' },
  'linux-x64-trimmed': { rid: 'linux-x64', aot: false, file: 'policylsp' },
};

const common = ['-p:DebugType=none', '-p:GenerateDocumentationFile=false', '-p:SatelliteResourceLanguages=en', '--nologo', '-v', 'quiet'];
let args;
let expected;
if (target === undefined) {
  args = ['publish', project, '-c', 'Release', '-o', out, '--self-contained', 'false', '-p:UseAppHost=false', ...common];
  expected = 'policylsp.dll';
} else if (TARGETS[target]) {
  const t = TARGETS[target];
  args = t.aot
    ? ['publish', project, '-c', 'Release', '-r', t.rid, '-o', out, '-p:PublishAot=true', '-p:StripSymbols=true', ...common]
    : // Trimmed: our code's trim analysis is clean (the NativeAOT build fails on any warning); what the trimmer still
      // reports is inside libraries, on paths our build never takes (StreamJsonRpc's Newtonsoft.Json formatter and
      // proxy generation: the server uses its System.Text.Json formatter with source-generated metadata).
      ['publish', project, '-c', 'Release', '-r', t.rid, '-o', out, '--self-contained', 'true', '-p:PublishSingleFile=true',
        '-p:PublishTrimmed=true', '-p:SuppressTrimAnalysisWarnings=true', '-p:DebuggerSupport=false', '-p:PublishReadyToRun=false',
        '-p:EnableCompressionInSingleFile=true', ...common];
  expected = t.file;
} else {
  console.error(`unknown --target "${target}": one of ${Object.keys(TARGETS).join(', ')}, or none for the universal build`);
  process.exit(2);
}

rmSync(out, { recursive: true, force: true });
console.log(`dotnet ${args.join(' ')}`);
execFileSync('dotnet', args, { stdio: 'inherit', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } });
if (!existsSync(join(out, expected))) {
  console.error(`dotnet publish did not produce ${join(out, expected)}`);
  process.exit(1);
}
// Debug symbols stay out of the .vsix.
for (const name of readdirSync(out).filter((n) => n.endsWith('.dbg') || n.endsWith('.pdb'))) {
  rmSync(join(out, name));
}

if (outIndex < 0) {
  mkdirSync(join(here, 'schemas'), { recursive: true });
  cpSync(join(repo, 'schemas', 'policylsp.schema.json'), join(here, 'schemas', 'policylsp.schema.json'));
}
console.log(`server/${expected} and schemas/policylsp.schema.json are ready${target ? ` (${target})` : ''}`);
