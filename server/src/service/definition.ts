// STUB: being implemented (go to the referenced document).
import type { FileAnalysis, ReferenceHost } from '../core/analyze';
import { DefinitionTarget } from './types';
export interface SourceHost extends ReferenceHost { textOf(path: string): string | undefined }
export function definitionAt(_file: FileAnalysis, _offset: number, _host: SourceHost): DefinitionTarget | null { return null; }
