// STUB: being implemented (quick fixes and the checklist source action).
import type { FileAnalysis } from '../core/analyze';
import type { Diagnostic } from '../core/types';
import { CodeActionItem } from './types';
export function codeActions(_file: FileAnalysis, _start: number, _end: number, _diagnostics: Diagnostic[]): CodeActionItem[] { return []; }
