export { PromptMetricsTab } from './PromptMetricsTab';
