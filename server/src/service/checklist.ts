// The editor's entry to the §18 checklist report (the "Show Production Review Checklist"
// command's handler reads it here): the judgement and its Markdown live in the core
// (core/checklist.ts), where the CLI's `review` and the HTML report read them too.
export { checklistReport } from '../core/checklist';
