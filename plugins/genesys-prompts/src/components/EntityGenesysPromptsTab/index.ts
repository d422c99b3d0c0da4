export {
  EntityGenesysPromptsTab,
  loadEntityGenesysPromptsTab,
  loadPromptsTabContent,
  usePromptsTabPrefetch,
  warmEntityPrompts,
} from './EntityGenesysPromptsTab';
