export { EntityGenesysPromptsContent } from './EntityGenesysPromptsContent';
