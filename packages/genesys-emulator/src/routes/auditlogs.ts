import { EmulatorContext } from '../context';
import { parseJsonObject } from '../http';
import { RouteDefinition } from '../router';

/** Audit forwarding: any JSON object is accepted with 202 and kept in memory. */
export function auditLogRoutes(ctx: EmulatorContext): RouteDefinition[] {
  return [
    {
      method: 'POST',
      template: '/api/v2/users/me/auditlogs',
      handler: ({ rawBody, correlationId }) => {
        ctx.audit.add({
          receivedAt: new Date(ctx.now()).toISOString(),
          correlationId,
          entry: parseJsonObject(rawBody),
        });
        return { status: 202 };
      },
    },
  ];
}
