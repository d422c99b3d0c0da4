export { GenesysErrorPanel, describeError } from './GenesysErrorPanel';
