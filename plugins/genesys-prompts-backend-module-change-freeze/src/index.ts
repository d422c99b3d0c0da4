/**
 * Genesys Prompts backend module that refuses prompt deploys during configured
 * change-freeze windows.
 *
 * @packageDocumentation
 */

export { genesysPromptsModuleChangeFreeze as default } from './module';
