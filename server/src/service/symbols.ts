// STUB: being implemented (document outline).
import type { FileAnalysis } from '../core/analyze';
import { SymbolItem } from './types';
export function documentSymbols(_file: FileAnalysis): SymbolItem[] { return []; }
