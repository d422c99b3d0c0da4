export { PromptDiff } from './PromptDiff';
export type { PromptDiffProps } from './PromptDiff';
export { diffDefinitions, diffLines } from './diff';
export type { DefinitionDiff, DiffLine } from './diff';
