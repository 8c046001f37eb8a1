// STUB: being implemented (hover with computed figures).
import type { FileAnalysis } from '../core/analyze';
import { HoverResult } from './types';
export function hoverAt(_file: FileAnalysis, _offset: number): HoverResult | null { return null; }
