import { AuditLog } from './auditLog';
import { PromptStore } from './promptStore';
import { RoutingStore } from './routingStore';
import { TrafficGenerator } from './traffic';
import { TrafficSettings } from './trafficConfig';

/** The state route handlers work on. */
export interface EmulatorContext {
  prompts: PromptStore;
  routing: RoutingStore;
  traffic: TrafficGenerator;
  trafficSettings: TrafficSettings;
  audit: AuditLog;
  now: () => number;
}
