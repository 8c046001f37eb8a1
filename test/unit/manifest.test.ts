// package.json `contributes` against the code it describes: settings against the server's
// defaults and bounds (protocol.ts), commands against the client, grammars and the combined
// YAML-extension schema against the files they point to.

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { PerfdocSettings } from '../../shared/protocol';
import { effectiveSettings } from '../../server/src/core/settings';
import { AnalysisSettings, DEFAULT_SETTINGS } from '../../server/src/core/types';
import { PREVIEW_VIEW_TYPE } from '../../client/src/previewViewType';

const ROOT = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
const manifest = readJson('package.json');
const { contributes } = manifest;

interface KindBranch {
  if: { properties: { kind: { const: string } } };
  then: { $ref: string };
}
interface SettingContribution {
  type: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
  markdownDescription: string;
}
const settings: Record<string, SettingContribution> = contributes.configuration.properties;

describe('package.json contributes', () => {
  describe('configuration', () => {
    it('declares exactly the settings the server reads, plus the client trace level', () => {
      assert.deepEqual(Object.keys(settings).sort(), [
        'perfdoc.codeLens.enabled',
        'perfdoc.connectionsWarnPercent',
        'perfdoc.defaultMaxUtilization',
        'perfdoc.inlayHints.enabled',
        'perfdoc.minBufferPercent',
        'perfdoc.quotaWarnPercent',
        'perfdoc.soakMinDuration',
        'perfdoc.trace.server',
        'perfdoc.utilizationWarnPercent',
      ]);
      for (const [key, setting] of Object.entries(settings)) assert.ok(setting.markdownDescription.length > 40, key);
    });

    const numericSettings = (Object.keys(DEFAULT_SETTINGS) as (keyof AnalysisSettings)[]).filter(
      k => k !== 'soakMinDurationMs',
    );
    for (const name of numericSettings) {
      it(`perfdoc.${name}: default and bounds are the ones the server accepts`, () => {
        const setting = settings[`perfdoc.${name}`];
        assert.equal(setting.default, DEFAULT_SETTINGS[name]);
        const { minimum, maximum } = setting;
        assert.ok(minimum !== undefined && maximum !== undefined);
        const analyzed = (value: number) => effectiveSettings({ [name]: value } as PerfdocSettings)[name];
        assert.equal(analyzed(minimum), minimum, 'the minimum is accepted');
        assert.equal(analyzed(maximum), maximum, 'the maximum is accepted');
        assert.equal(analyzed(minimum - 0.001), DEFAULT_SETTINGS[name], 'below the minimum falls back to the default');
        assert.equal(analyzed(maximum + 0.001), DEFAULT_SETTINGS[name], 'above the maximum falls back to the default');
      });
    }
  });

  it('perfdoc.soakMinDuration: a duration string, 2h by default; an unreadable one falls back to 2h', () => {
    assert.equal(settings['perfdoc.soakMinDuration'].default, '2h');
    assert.equal(effectiveSettings({ soakMinDuration: '90 min' }).soakMinDurationMs, 90 * 60_000);
    assert.equal(effectiveSettings({ soakMinDuration: 'soon' }).soakMinDurationMs, DEFAULT_SETTINGS.soakMinDurationMs);
    assert.equal(DEFAULT_SETTINGS.soakMinDurationMs, 2 * 3_600_000);
  });

  it('registers every contributed command in the client', () => {
    // Both entries (extension.ts, web/extension.ts) activate through activation.ts.
    const client = readFileSync(path.join(ROOT, 'client/src/activation.ts'), 'utf8');
    for (const { command } of contributes.commands) assert.ok(client.includes(`registerCommand('${command}'`), command);
  });

  it('activates on YAML and Markdown, and on a Budget & Capacity preview restored after a reload; never on startup', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
    // A window reload restores an open preview, before any YAML or Markdown editor perhaps: VS Code
    // activates perfdoc for it so that the serializer registered in activate() can fill the panel.
    // (extension-lazy.test.ts checks that activate() registers that serializer.)
    assert.deepEqual([...manifest.activationEvents].sort(), [
      'onLanguage:markdown',
      'onLanguage:yaml',
      `onWebviewPanel:${PREVIEW_VIEW_TYPE}`,
    ]);
  });

  it('points each grammar at a file with the declared scope name', () => {
    for (const grammar of contributes.grammars) {
      assert.equal(readJson(grammar.path).scopeName, grammar.scopeName);
    }
  });

  describe('yamlValidation: schemas/perfdoc.schema.json', () => {
    const [validation] = contributes.yamlValidation;
    const combined = readJson(validation.url);
    const kindSchemaFiles: string[] = (combined.allOf as KindBranch[]).map(branch =>
      path.join(path.dirname(validation.url), branch.then.$ref),
    );
    const kindSchemas = kindSchemaFiles.map(readJson);

    // The editor resolves the relative $refs against the file; ajv resolves them against the
    // kind schemas' $ids. Both work only while the kind schemas sit side by side under one base.
    const base = new URL('.', kindSchemas[0].$id).href;
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, schemas: kindSchemas });
    const validate = ajv.compile({ ...combined, $id: new URL('perfdoc.schema.json', base).href });

    it('dispatches each kind to the schema of that kind', () => {
      assert.equal(kindSchemaFiles.length, 4);
      (combined.allOf as KindBranch[]).forEach((branch, i) => {
        assert.ok(existsSync(path.join(ROOT, kindSchemaFiles[i])), kindSchemaFiles[i]);
        assert.equal(kindSchemas[i].$id, new URL(path.basename(kindSchemaFiles[i]), base).href);
        assert.equal(kindSchemas[i].properties.kind.const, branch.if.properties.kind.const);
      });
      assert.deepEqual(
        combined.properties.kind.enum,
        (combined.allOf as KindBranch[]).map(b => b.if.properties.kind.const),
      );
    });

    // The examples of the format spec (FORMAT.md §3-§5 and §12, the public contract), one per kind.
    const examples = {
      LatencyBudget: `
apiVersion: perfdoc/v1
kind: LatencyBudget
name: Search case API
target: { p50: 150ms, p95: 500ms, p99: 1200ms, timeout: 2s, errorRate: 0.1% }
budgetPercentile: p95
segments:
  - { name: DNS/TLS/edge, budget: 40ms }
  - { name: Auth/session lookup, budget: 40ms, dependency: auth-service, timeout: 100ms, retries: 1, backoff: 20ms, jitter: true }
  - name: Enrichment fan-out
    parallel:
      - { name: profile, budget: 60ms, dependency: profile-svc, timeout: 150ms }
  - { name: Audit event, budget: 5ms, async: true }
  - { name: Buffer, budget: 30ms, buffer: true }
`,
      CapacityModel: `
apiVersion: perfdoc/v1
kind: CapacityModel
name: Case API
traffic: { peakRps: 2000, burstMultiplier: 6, latency: 150ms, p95Latency: 450ms, writeRatio: 20% }
headroom: { safetyFactor: 1.5, maxUtilization: 70% }
tiers:
  - { name: api, unitRps: 300, units: { min: 4, max: 20 }, zones: 3, connectionsPerUnit: 20, dependsOn: [db] }
  - { name: db, maxConnections: 500 }
quotas:
  - { name: Lambda concurrency, limit: 1000, measures: concurrency }
queues:
  - { name: orders, backlog: 2000000, ratePerWorker: 40/s, drainTime: 30m, workers: 20, connectionsPerWorker: 1, dependsOn: [db] }
scaling:
  - { tier: api, policy: target-tracking, metric: cpu, target: 60%, cooldown: 300s, warmup: 180s }
`,
      LoadTestPlan: `
apiVersion: perfdoc/v1
kind: LoadTestPlan
name: Case search
budget: ./search.perf.yaml
capacity: ./case-api.perf.yaml
tests:
  - { type: load, rps: 2000, duration: 30m, cache: warm, criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% } }
`,
      ObservabilityPlan: `
apiVersion: perfdoc/v1
kind: ObservabilityPlan
name: Case API
capacity: ./case-api.perf.yaml
budget: ./search.perf.yaml
signals:
  api: [latency, traffic, errors, saturation]
  db: [cpu, connections, replicaLag]
traces: { correlationId: true, propagated: true, fields: [tenant, retryCount, timeoutReason, cacheHit, queryClass, queueAge, az] }
logs: { correlationId: true }
dashboards: [user, service, dependency, infrastructure]
alarms:
  - { metric: db.connections, above: 80%, runbook: docs/runbooks/db-connections.md }
  - { metric: orders.oldestMessageAge, above: 30m, runbook: docs/runbooks/orders.md }
costMetrics: [costPerRequest]
`,
    };

    for (const [kind, text] of Object.entries(examples)) {
      it(`accepts the ${kind} example of the format spec`, () => {
        assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
      });
    }

    it('rejects a field of another kind and an unknown kind', () => {
      const budgetWithTiers = { ...parse(examples.LatencyBudget), tiers: [] };
      assert.ok(!validate(budgetWithTiers));
      assert.ok(!validate({ ...parse(examples.LatencyBudget), kind: 'LatencyBudgets' }));
      assert.ok(!validate({ kind: 'LatencyBudget' }), 'apiVersion is required');
    });
  });
});
