export { PromptDetailPage } from './PromptDetailPage';
