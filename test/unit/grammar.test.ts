// The TextMate grammars in syntaxes/, run with JavaScript RegExp. Their patterns are kept
// JS-compatible for this (the one exception, Oniguruma's `\G` anchor in the Markdown fence
// grammar, is translated below). `tokenize` scans a line the way an injection grammar of plain
// `match` rules is applied: at each position the earliest match wins, ties go to the rule
// listed first.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDuration, parseRate } from '../../server/src/core/units';

interface Rule {
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  contentName?: string;
  name?: string;
  captures?: Record<string, { name: string }>;
  patterns?: Rule[];
}
interface Grammar extends Rule {
  scopeName: string;
  injectionSelector: string;
  repository: Record<string, Rule>;
}

const ROOT = path.resolve(__dirname, '../../..');
const loadGrammar = (file: string): Grammar => JSON.parse(readFileSync(path.join(ROOT, 'syntaxes', file), 'utf8'));
const quantities = loadGrammar('perfdoc.injection.tmLanguage.json');
const fence = loadGrammar('perfdoc.markdown-fence.tmLanguage.json');

/** `(^|\G)`: "at line start or where the previous match ended"; for a single line, line start. */
const toJsRegExp = (pattern: string, flags = ''): RegExp => new RegExp(pattern.replaceAll('(^|\\G)', '(^)'), flags);

/** The `match` rules of a grammar in the order TextMate tries them, with `#includes` resolved. */
function matchRules(grammar: Grammar, rules: Rule[] = grammar.patterns ?? []): Rule[] {
  return rules.flatMap(rule => {
    if (rule.include) {
      const target = grammar.repository[rule.include.slice(1)];
      assert.ok(target, `${grammar.scopeName}: include ${rule.include} has no repository entry`);
      return matchRules(grammar, [target]);
    }
    return rule.patterns ? matchRules(grammar, rule.patterns) : [rule];
  });
}

/** The highlighted tokens of a line: [text, scope] pairs, in order. */
function tokenize(line: string): [string, string][] {
  const rules = matchRules(quantities).map(rule => ({ scope: rule.name!, regex: toJsRegExp(rule.match!, 'g') }));
  const tokens: [string, string][] = [];
  for (let position = 0; position < line.length;) {
    let best: { index: number; text: string; scope: string } | undefined;
    for (const { scope, regex } of rules) {
      regex.lastIndex = position;
      const m = regex.exec(line);
      if (m && m[0] !== '' && (!best || m.index < best.index)) best = { index: m.index, text: m[0], scope };
    }
    if (!best) break;
    tokens.push([best.text, best.scope]);
    position = best.index + best.text.length;
  }
  return tokens;
}

const scopesOf = (line: string) => tokenize(line).map(([, scope]) => scope);

describe('syntaxes/perfdoc.injection.tmLanguage.json', () => {
  it('compiles every pattern as a JavaScript RegExp', () => {
    for (const rule of matchRules(quantities)) {
      assert.ok(rule.match && rule.name, 'every rule is a named match rule');
      assert.doesNotThrow(() => toJsRegExp(rule.match!), rule.match);
    }
  });

  it('is injected into YAML and YAML blocks of Markdown, never into comments', () => {
    assert.equal(quantities.injectionSelector, 'L:source.yaml -comment, L:meta.embedded.block.yaml -comment');
  });

  it('highlights durations in the forms of spec §2 and §8, with their unit', () => {
    const forms = ['250us', '250µs', '40ms', '1.2s', '1.2 s', '30m', '30min', '2h', '.5s'];
    for (const value of [...forms, '1,200 ms', '1,200ms', '2 seconds', '30 minutes', '8hr', '500 microseconds']) {
      assert.deepEqual(tokenize(`    budget: ${value}`), [
        ['budget', 'entity.name.tag.yaml support.type.property-name.rule-key.perfdoc'],
        [value, 'constant.numeric.duration.perfdoc'],
      ]);
    }
  });

  it('highlights rates, not as durations', () => {
    const forms = ['40/s', '40 / sec', '2400/min', '10/h', '500 rps', '500RPS'];
    for (const value of [...forms, '2,000 RPS', '50 req/s', '50 msg/s', '50 messages/s', '120/minute', '2/hour']) {
      assert.deepEqual(
        tokenize(`  ratePerWorker: ${value}`).slice(1),
        [[value, 'constant.numeric.rate.perfdoc']],
        value,
      );
    }
  });

  it('highlights a duration unit or rate unit exactly when the checker accepts it', () => {
    const durations = [
      '40ms',
      '40 ms',
      '250µs',
      '2h',
      '40 msec',
      '40 sec',
      '3d',
      '40 mins',
      '1,200 ms',
      '1,20 ms',
      '2 hrs',
    ];
    for (const value of durations) {
      const highlighted = scopesOf(`timeout: ${value}`).includes('constant.numeric.duration.perfdoc');
      assert.equal(highlighted, parseDuration(value).ok, value);
    }
    const rates = [
      '40/s',
      '40/sec',
      '2400/m',
      '10/h',
      '500 rps',
      '40/d',
      '40/hour',
      '2,000 rps',
      '50 req/s',
      '5 widgets/s',
    ];
    for (const value of rates) {
      const highlighted = scopesOf(`rps: ${value}`).includes('constant.numeric.rate.perfdoc');
      assert.equal(highlighted, parseRate(value).ok, value);
    }
  });

  it('highlights percentages', () => {
    assert.deepEqual(tokenize('errorRate: 0.1%'), [['0.1%', 'constant.numeric.percentage.perfdoc']]);
    assert.deepEqual(tokenize('  target: 60 %'), [['60 %', 'constant.numeric.percentage.perfdoc']]);
  });

  it('highlights percentiles as keys and as values, and nothing that merely contains one', () => {
    assert.deepEqual(tokenize('  p95: 500ms'), [
      ['p95', 'entity.name.tag.yaml support.type.property-name.percentile.perfdoc'],
      ['500ms', 'constant.numeric.duration.perfdoc'],
    ]);
    assert.deepEqual(tokenize('budgetPercentile: p99.9'), [['p99.9', 'constant.language.percentile.perfdoc']]);
    for (const line of ['name: ap95', 'name: p95x', 'name: p9', 'image: app-p95-v1'])
      assert.deepEqual(tokenize(line), [], line);
  });

  it('highlights rule keys only in key position', () => {
    const ruleKey = 'entity.name.tag.yaml support.type.property-name.rule-key.perfdoc';
    assert.deepEqual(tokenize('  - { name: profile, timeout: 150ms }'), [
      ['timeout', ruleKey],
      ['150ms', 'constant.numeric.duration.perfdoc'],
    ]);
    assert.deepEqual(scopesOf('    retries: 1'), [ruleKey]);
    assert.deepEqual(scopesOf('peakRps:'), [ruleKey]);
    for (const line of ['name: budget review', 'budgets: 3', 'mybudget: 3', 'budget:40ms', 'max-workers: 3']) {
      assert.ok(!scopesOf(line).includes(ruleKey), line);
    }
  });

  it('highlights the perfdoc apiVersion and kinds', () => {
    assert.deepEqual(scopesOf('apiVersion: perfdoc/v1'), [
      'entity.name.tag.yaml support.type.property-name.rule-key.perfdoc',
      'constant.language.api-version.perfdoc',
    ]);
    for (const kind of ['LatencyBudget', 'CapacityModel', 'LoadTestPlan']) {
      assert.deepEqual(tokenize(`kind: ${kind}`)[1], [kind, 'entity.name.type.kind.perfdoc']);
    }
    for (const line of ['apiVersion: perfdoc/v10', 'apiVersion: x-perfdoc/v1', 'kind: LatencyBudgets']) {
      assert.deepEqual(tokenize(line).slice(1), [], line);
    }
  });
});

describe('syntaxes/perfdoc.markdown-fence.tmLanguage.json', () => {
  const fenceRule = fence.repository['perfdoc-fence'];
  const begin = toJsRegExp(fenceRule.begin!);
  const embedded = fenceRule.patterns![0];

  /** The fence's end pattern for an opening line: TextMate substitutes `\N` with begin capture N. */
  const endFor = (opening: string): RegExp => {
    const captures = begin.exec(opening)!;
    const source = fenceRule.end!.replace(/\\(\d)/g, (_, n: string) => captures[Number(n)].replace(/[`~]/g, '\\$&'));
    return toJsRegExp(source);
  };

  it('opens on ```perfdoc and ~~~perfdoc fences, with or without attributes', () => {
    for (const line of ['```perfdoc', '~~~perfdoc', '  ```perfdoc title="search"', '````perfdoc', '``` perfdoc']) {
      assert.match(line, begin);
    }
    for (const line of ['```yaml', '```perfdocs', '``perfdoc', 'perfdoc', '```json perfdoc'])
      assert.doesNotMatch(line, begin);
  });

  it('closes on the same fence only', () => {
    assert.match('```', endFor('```perfdoc'));
    assert.match('~~~  ', endFor('~~~perfdoc'));
    assert.doesNotMatch('~~~', endFor('```perfdoc'));
    assert.doesNotMatch('budget: 40ms', endFor('```perfdoc'));
  });

  it('embeds YAML under the scope that Markdown uses for ```yaml blocks', () => {
    assert.equal(embedded.contentName, 'meta.embedded.block.yaml');
    assert.deepEqual(embedded.patterns, [{ include: 'source.yaml' }]);
    const stillInside = toJsRegExp(embedded.while!);
    assert.match('budget: 40ms', stillInside);
    assert.doesNotMatch('```', stillInside);
  });
});
