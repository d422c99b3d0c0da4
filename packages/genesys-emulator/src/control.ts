import { IncomingMessage, ServerResponse } from 'node:http';
import { ForwardedAuditEntry } from './auditLog';
import { EmulatorFaults, InvalidFaultsError } from './faults';
import { readBody, sendJson } from './http';
import { EmulatorRequestLog } from './requestLog';
import { EmulatorTrafficConfig, InvalidTrafficError } from './trafficConfig';

/** Base path of the control endpoints (no auth, no rate limit, not logged). */
export const CONTROL_PATH = '/__emulator';

/** What the control endpoints operate on. */
export interface ControlTarget {
  health(): Record<string, unknown>;
  faults(): EmulatorFaults;
  setFaults(faults: unknown): void;
  mergeFaults(faults: unknown): void;
  clearFaults(): void;
  requestLog(): EmulatorRequestLog;
  clearRequestLog(): void;
  reset(): void;
  expireTokens(): void;
  auditLogs(): { entries: ForwardedAuditEntry[]; repeatedDeliveries: number };
  exports: ExportSink;
  clearAuditLogs(): void;
  traffic(): EmulatorTrafficConfig;
  setTraffic(traffic: unknown): void;
  mergeTraffic(traffic: unknown): void;
}

/** One export the sink received; header values are not kept, only names. */
export interface ReceivedExport {
  target: string;
  receivedAt: string;
  headerNames: string[];
  body: unknown;
}

/**
 * A stand-in export target for local development (not part of Genesys):
 * `POST /__emulator/exports/<name>` records the body and answers 201.
 */
export class ExportSink {
  private received: ReceivedExport[] = [];

  add(target: string, headers: IncomingMessage['headers'], body: unknown): void {
    this.received.push({
      target,
      receivedAt: new Date().toISOString(),
      headerNames: Object.keys(headers).sort(),
      body,
    });
    // Bounded, like the request log.
    if (this.received.length > 1000) this.received.shift();
  }

  list(): ReceivedExport[] {
    return structuredClone(this.received);
  }

  clear(): void {
    this.received = [];
  }
}

/** Serves `/__emulator/*`. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  target: ControlTarget,
): Promise<void> {
  const method = req.method ?? 'GET';
  const action = `${method} ${
    path.slice(CONTROL_PATH.length).replace(/\/+$/, '') || '/'
  }`;
  const readJson = async (): Promise<unknown> => {
    const raw = await readBody(req);
    if (raw.trim() === '') return {};
    return JSON.parse(raw);
  };
  try {
    const sinkName = /^POST \/exports\/([A-Za-z0-9_.-]{1,64})$/.exec(action)?.[1];
    if (sinkName) {
      target.exports.add(sinkName, req.headers, await readJson());
      return sendJson(res, 201, { received: true });
    }
    switch (action) {
      case 'GET /exports':
        return sendJson(res, 200, { exports: target.exports.list() });
      case 'DELETE /exports':
        target.exports.clear();
        return sendJson(res, 200, { cleared: true });
      case 'GET /health':
        return sendJson(res, 200, target.health());
      case 'GET /faults':
        return sendJson(res, 200, target.faults());
      case 'PUT /faults':
        target.setFaults(await readJson());
        return sendJson(res, 200, target.faults());
      case 'POST /faults':
        target.mergeFaults(await readJson());
        return sendJson(res, 200, target.faults());
      case 'DELETE /faults':
        target.clearFaults();
        return sendJson(res, 200, target.faults());
      case 'GET /traffic':
        return sendJson(res, 200, target.traffic());
      case 'PUT /traffic':
        target.setTraffic(await readJson());
        return sendJson(res, 200, target.traffic());
      case 'POST /traffic':
        target.mergeTraffic(await readJson());
        return sendJson(res, 200, target.traffic());
      case 'GET /requests':
        return sendJson(res, 200, target.requestLog());
      case 'DELETE /requests':
        target.clearRequestLog();
        return sendJson(res, 200, { cleared: true });
      case 'POST /reset':
        target.reset();
        return sendJson(res, 200, { reset: true });
      case 'POST /tokens/expire':
        target.expireTokens();
        return sendJson(res, 200, { expired: true });
      case 'GET /auditlogs':
        return sendJson(res, 200, target.auditLogs());
      case 'DELETE /auditlogs':
        target.clearAuditLogs();
        return sendJson(res, 200, { cleared: true });
      default:
        return sendJson(res, 404, { error: `No control endpoint ${action}` });
    }
  } catch (error) {
    if (
      error instanceof InvalidFaultsError ||
      error instanceof InvalidTrafficError ||
      error instanceof SyntaxError
    ) {
      return sendJson(res, 400, { error: error.message });
    }
    return sendJson(res, 500, { error: String(error) });
  }
}
