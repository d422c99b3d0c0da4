export { EntityGenesysPromptsMetricsCard } from './EntityGenesysPromptsMetricsCard';
