import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from './config.js';
import { resolveRelayOptions } from './options.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
/** A stand-in for a secret an operator supplies (`${VAR:?…}` in compose, a Secret in Kubernetes). */
const FAKE_SECRET = 'operator-supplied-secret-0123456789';
/** Compose's `${VAR:-default}` → default, `${VAR:?message}` → a stand-in secret. */
const expand = (v: string) =>
  v.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1').replace(/\$\{[A-Z_]+:\?[^}]*\}/g, FAKE_SECRET);
/** Flags and environment as the relay's own CLI parses them, compose variables expanded. */
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const expandedEnv = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, expand(v ?? '')]));
  const { options } = loadConfig(args.map(expand), expandedEnv);
  return resolveRelayOptions(options);
};

test('the Dockerfile builds the relay from files that exist and runs its bin', () => {
  const lines = read('relay/Dockerfile')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  const from = lines.filter((l) => l.startsWith('FROM '));
  assert.ok(from.length >= 2 && from.every((l) => /^FROM node:24-/.test(l)), 'multi-stage on Node 24');
  for (const l of lines.filter((x) => x.startsWith('COPY ') && !x.includes('--from'))) {
    const parts = l.split(/\s+/).slice(1, -1);
    for (const p of parts) if (p !== '.') assert.ok(existsSync(join(ROOT, p)), `COPY source ${p} exists`);
  }
  const entry = lines.find((l) => l.startsWith('ENTRYPOINT'));
  assert.ok(entry?.includes('relay/bin/cryptalk-relay.js'));
  assert.ok(existsSync(join(ROOT, 'relay/bin/cryptalk-relay.js')));
  const cmd = JSON.parse((lines.find((l) => l.startsWith('CMD')) as string).slice(4)) as string[];
  const opts = cli(cmd);
  assert.equal(opts.port, 8787);
  assert.ok(lines.some((l) => l.trim() === 'EXPOSE 8787'));
  assert.ok(
    lines.some((l) => l.startsWith('USER node')),
    'runs unprivileged',
  );
});

test('the compose file has two relays on Redis, LiveKit and coturn, with valid relay flags', () => {
  const doc = parse(read('deploy/compose.yaml'), { merge: true }) as {
    services: Record<
      string,
      { command?: string[]; environment?: Record<string, string>; build?: { dockerfile: string } }
    >;
  };
  for (const s of ['redis', 'relay-a', 'relay-b', 'livekit', 'coturn'])
    assert.ok(doc.services[s], `service ${s}`);
  for (const name of ['relay-a', 'relay-b']) {
    const svc = doc.services[name]!;
    assert.equal(svc.build?.dockerfile, 'relay/Dockerfile');
    const env = svc.environment ?? {};
    for (const k of Object.keys(env)) assert.match(k, /^CRYPTALK_[A-Z_]+$/, 'only relay variables');
    const opts = cli(svc.command ?? [], { ...env, CRYPTALK_LOG: undefined });
    assert.equal(opts.store, 'redis');
    assert.ok(opts.livekitUrl && opts.livekitApiKey && opts.turnUrls?.length, 'calls are configured');
    assert.equal(opts.livekitApiSecret, FAKE_SECRET, 'the LiveKit secret comes from the environment');
    assert.equal(opts.turnSecret, FAKE_SECRET, 'the TURN secret comes from the environment');
    assert.ok(!(svc.command ?? []).some((a) => /secret|hash-key/i.test(a)), 'no secret on the command line');
    assert.equal(opts.redisUrl, 'redis://redis:6379');
    assert.equal(opts.host, '0.0.0.0');
    assert.deepEqual(opts.allowedOrigins, ['https://shop.example']);
  }
});

test('the Kubernetes manifests parse, probe /healthz and /readyz, and carry a valid relay config', () => {
  const docs = parseAllDocuments(read('deploy/k8s/relay.yaml')).map((d) => d.toJS()) as {
    kind: string;
    apiVersion: string;
    data?: Record<string, string>;
    spec?: {
      template?: {
        spec: {
          containers: {
            env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
            readinessProbe: { httpGet: { path: string } };
            livenessProbe: { httpGet: { path: string } };
          }[];
        };
      };
    };
  }[];
  const redis = parseAllDocuments(read('deploy/k8s/redis.yaml')).map((d) => d.toJS()) as {
    kind: string;
    apiVersion: string;
  }[];
  for (const d of [...docs, ...redis])
    assert.ok(d.apiVersion && d.kind, 'every document has apiVersion and kind');
  const kinds = docs.map((d) => d.kind);
  for (const k of ['ConfigMap', 'Deployment', 'Service', 'PodDisruptionBudget'])
    assert.ok(kinds.includes(k), k);
  const container = docs.find((d) => d.kind === 'Deployment')?.spec?.template?.spec.containers[0];
  assert.equal(container?.readinessProbe.httpGet.path, '/readyz');
  assert.equal(container?.livenessProbe.httpGet.path, '/healthz');
  const config = docs.find((d) => d.kind === 'ConfigMap')?.data?.['relay.json'] as string;
  assert.equal(resolveRelayOptions(JSON.parse(config)).store, 'redis');
  // The container's environment (Secret references stood in for) on top of the config file validates too.
  const env: NodeJS.ProcessEnv = {};
  for (const e of container?.env ?? []) {
    if (e.name === 'CRYPTALK_LOG') continue;
    assert.ok(e.value !== undefined || e.valueFrom?.secretKeyRef?.name === 'cryptalk-calls', e.name);
    env[e.name] = e.value ?? FAKE_SECRET;
  }
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-deploy-'));
  writeFileSync(join(dir, 'relay.json'), config);
  const opts = resolveRelayOptions(loadConfig(['--config', join(dir, 'relay.json')], env).options);
  assert.equal(opts.store, 'redis');
  assert.ok(opts.livekitUrl && opts.turnUrls?.length && opts.callsHashKey === FAKE_SECRET);
  assert.ok(redis.some((d) => d.kind === 'StatefulSet'));
});

test('docs/deploy.md covers the files and the durability guarantees', () => {
  const doc = read('docs/deploy.md');
  for (const s of [
    'relay/Dockerfile',
    'deploy/compose.yaml',
    'deploy/k8s',
    '--data-dir',
    '--store',
    '/metrics',
    'SIGKILL',
    '--livekit-url',
    '--turn-secret',
    '/calls/token',
  ]) {
    assert.ok(doc.includes(s), `deploy.md mentions ${s}`);
  }
});
