export { PromptVersionsTab, versionActionLabel } from './PromptVersionsTab';
