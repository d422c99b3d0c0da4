import { EmulatorContext } from '../context';
import { parseJsonObject } from '../http';
import { RouteDefinition } from '../router';

/**
 * Audit forwarding: any JSON object is accepted with 202 and kept in memory;
 * a repeated `Idempotency-Key` is accepted again but kept once.
 */
export function auditLogRoutes(ctx: EmulatorContext): RouteDefinition[] {
  return [
    {
      method: 'POST',
      template: '/api/v2/users/me/auditlogs',
      handler: ({ rawBody, correlationId, headers }) => {
        const key = headers['idempotency-key'];
        ctx.audit.add({
          receivedAt: new Date(ctx.now()).toISOString(),
          correlationId,
          idempotencyKey: typeof key === 'string' ? key : undefined,
          entry: parseJsonObject(rawBody),
        });
        return { status: 202 };
      },
    },
  ];
}
