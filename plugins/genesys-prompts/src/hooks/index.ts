export { useEntityPrompts } from './useEntityPrompts';
export { usePrompt } from './usePrompt';
