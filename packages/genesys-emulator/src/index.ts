/**
 * An HTTP emulator of the Genesys Cloud LLM Gateway prompt contract, with
 * deterministic demo data, fault injection and a request log.
 *
 * @packageDocumentation
 */

export { startEmulator } from './server';
export {
  DEFAULT_EMULATOR_CLIENT_ID,
  DEFAULT_EMULATOR_CLIENT_SECRET,
} from './options';
export type { EmulatorOptions, RunningEmulator } from './options';
export { DEMO_PROMPT_NAMES, demoPromptId } from './demoData';
export type {
  EmulatorFaults,
  FaultKind,
  FaultMatch,
  FaultScope,
  LatencyFault,
  ServerErrorFault,
  TooManyRequestsFault,
} from './faults';
export type { RateLimitSettings } from './rateLimit';
export type {
  EmulatorTrafficConfig,
  TrafficProfile,
  TrafficPromptConfig,
  TrafficRule,
} from './trafficConfig';
export type { EmulatorRequestLog, RequestLogEntry } from './requestLog';
export type { ForwardedAuditEntry } from './auditLog';
