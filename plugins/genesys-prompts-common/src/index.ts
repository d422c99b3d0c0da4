/**
 * Shared types, permissions and the catalog annotation of the Genesys Prompts plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './types';
export * from './validation';
export * from './tokens';
export * from './insightTypes';
export * from './statistics';
export * from './experiments';
export * from './exportTypes';
export * from './openapiTypes';
