// STUB: being implemented (inlay hints after values).
import type { FileAnalysis } from '../core/analyze';
import { InlayHintItem } from './types';
export function inlayHints(_file: FileAnalysis, _start: number, _end: number): InlayHintItem[] { return []; }
