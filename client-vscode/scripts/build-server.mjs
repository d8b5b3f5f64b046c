// Publishes the server (framework-dependent) into server/ and copies the config schema into schemas/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(here, '..');
const project = join(repo, 'src', 'PolicyLsp');
const out = join(here, 'server');

rmSync(out, { recursive: true, force: true });
console.log(`dotnet publish ${project} -c Release -o ${out} (framework-dependent)`);
execFileSync(
  'dotnet',
  ['publish', project, '-c', 'Release', '-o', out, '--self-contained', 'false', '-p:UseAppHost=false', '-p:DebugType=none', '-p:GenerateDocumentationFile=false', '-p:SatelliteResourceLanguages=en', '--nologo', '-v', 'quiet'],
  { stdio: 'inherit', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } },
);
if (!existsSync(join(out, 'policylsp.dll'))) {
  console.error(`dotnet publish did not produce ${join(out, 'policylsp.dll')}`);
  process.exit(1);
}

mkdirSync(join(here, 'schemas'), { recursive: true });
cpSync(join(repo, 'schemas', 'policylsp.schema.json'), join(here, 'schemas', 'policylsp.schema.json'));
console.log('server/ and schemas/policylsp.schema.json are ready');
