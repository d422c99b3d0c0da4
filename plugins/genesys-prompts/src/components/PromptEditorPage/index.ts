export { CreatePromptPage, EditPromptPage } from './PromptEditorPage';
