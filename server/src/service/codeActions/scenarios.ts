// "Add the §21 what-if scenarios" (§10.8, §21 questions 11-13): on a top-level key of a
// CapacityModel that declares no scenarios, writes one AZ removed, cache hit rate 0 (for
// the model's cache tiers) and latency 10× as declared scenarios, so they become findings
// the design must answer. Offered as a quick fix without a diagnostic: the lightbulb on the
// model.s keys, not a squiggle.
import type { DocumentAnalysis } from '../../core/analyze';
import { isCache } from '../../core/capacityModel';
import { mapPair } from '../../core/yamlTree';
import type { CodeActionItem } from '../types';
import { insertPairs } from '../yamlEdits';
import { yamlScalar } from './observability';

export function scenarioActions(text: string, doc: DocumentAnalysis, offset: number): CodeActionItem[] {
  if (doc.kind !== 'CapacityModel' || !doc.root || doc.root.flow || mapPair(doc.root, 'scenarios')) return [];
  // Only on a top-level key's line: a fix for the whole model, not for the value being edited.
  const onTopKey = doc.root.pairs.some(p => p.keyStart <= offset && offset <= p.keyEnd);
  if (!onTopKey) return [];
  const caches = doc.capacity.model.tiers.filter(isCache).map(t => t.name);
  const items = [
    '{ name: One AZ removed, zoneLost: true }',
    ...(caches.length
      ? [`{ name: Cache hit rate 0, hitRatio: { ${caches.map(c => `${yamlScalar(c)}: 0%`).join(', ')} } }`]
      : []),
    '{ name: Downstream 10x slower, latency: 10x }',
  ];
  // insertPairs places the key like a person would; the list goes on the lines below it.
  const edit = insertPairs(text, doc.root, [['scenarios', '\u0000']]);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const column = edit.newText.length - edit.newText.trimStart().length - eol.length;
  const indent = ' '.repeat(Math.max(0, column) + 2);
  const newText = edit.newText.replace(' \u0000', items.map(i => `${eol}${indent}- ${i}`).join(''));
  return [
    {
      title: `Add the §21 what-if scenarios: one AZ removed, ${caches.length ? 'cache hit rate 0, ' : ''}downstream 10x slower`,
      kind: 'quickfix',
      edits: [{ ...edit, newText }],
    },
  ];
}
