export { PromptExperimentsTab } from './PromptExperimentsTab';
