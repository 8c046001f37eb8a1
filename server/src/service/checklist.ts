// STUB: being implemented (§18 production review checklist).
import type { FileAnalysis } from '../core/analyze';
export function checklistReport(_files: FileAnalysis[]): string { return ''; }
