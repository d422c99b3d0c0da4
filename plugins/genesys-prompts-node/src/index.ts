/**
 * Node library of the Genesys Prompts plugins: the extension point through
 * which backend modules veto a prompt deploy before it is written upstream.
 *
 * @packageDocumentation
 */

export * from './extensions';
