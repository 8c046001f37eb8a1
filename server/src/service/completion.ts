// STUB: being implemented (completion of keys, enum values and units).
import type { FileAnalysis } from '../core/analyze';
import { CompletionItemLite } from './types';
export function completions(_file: FileAnalysis, _offset: number): CompletionItemLite[] { return []; }
