import {
  DEFAULT_EMULATOR_CLIENT_ID,
  DEFAULT_EMULATOR_CLIENT_SECRET,
  RunningEmulator,
} from '@genesys-prompts/genesys-emulator';
import { GenesysConnectionConfig } from '../config';

/** Tests only: a connection to a running emulator with its demo credentials. */
export function emulatorConnection(
  emulator: RunningEmulator,
  overrides: Partial<GenesysConnectionConfig> = {},
): GenesysConnectionConfig {
  return {
    apiBaseUrl: emulator.url,
    loginBaseUrl: emulator.url,
    clientId: DEFAULT_EMULATOR_CLIENT_ID,
    clientSecret: DEFAULT_EMULATOR_CLIENT_SECRET,
    requestTimeoutMs: 2000,
    ...overrides,
  };
}
