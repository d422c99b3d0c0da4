export { PermissionButton, deniedBecause } from './PermissionButton';
