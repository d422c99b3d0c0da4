import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** How many granted (caller, permission, entity) answers are kept at most. */
const MAX_REMEMBERED_GRANTS = 10_000;

interface Grant {
  entity: Entity;
  /** Past this, the grant is still served while it is checked again. */
  recheckAt: number;
  expiresAt: number;
}

/**
 * Resolves an entity named by a request with the caller's own credentials,
 * then authorizes the permission against that entity. Nothing downstream acts
 * on an entity the caller cannot see or is not allowed to use.
 *
 * A grant is reused for `grantTtlMs` by the same token (a page asks several
 * routes about one entity within seconds; each check is three internal HTTP
 * hops): revoking access takes effect within that time, as with the
 * Kubernetes API server's authorization cache. Refusals are never reused.
 * A grant past half its life is checked again in the background, so a busy
 * caller does not wait for the check when it expires.
 */
export class EntityAccess {
  private readonly grants = new Map<string, Grant>();
  private readonly checking = new Map<string, Promise<Entity>>();

  constructor(
    private readonly catalog: CatalogService,
    private readonly permissions: PermissionsService,
    private readonly grantTtlMs = 0,
    private readonly now: () => number = Date.now,
  ) {}

  async authorize(
    ref: CompoundEntityRef,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    if (this.grantTtlMs <= 0) {
      return this.check(ref, permission, credentials);
    }
    const key = grantKey(ref, permission, credentials);
    const now = this.now();
    const grant = this.grants.get(key);
    if (grant && grant.expiresAt > now) {
      if (grant.recheckAt <= now && !this.checking.has(key)) {
        // A refusal now removes the grant; a failure leaves it to expire.
        this.checkAndRemember(key, ref, permission, credentials).catch(
          () => undefined,
        );
      }
      return grant.entity;
    }
    return (
      this.checking.get(key) ??
      this.checkAndRemember(key, ref, permission, credentials)
    );
  }

  /** One check per key at a time; its outcome replaces any grant. */
  private checkAndRemember(
    key: string,
    ref: CompoundEntityRef,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const checked = this.check(ref, permission, credentials)
      .then(
        entity => {
          this.remember(key, entity);
          return entity;
        },
        error => {
          if (error instanceof NotAllowedError || error instanceof NotFoundError) {
            this.grants.delete(key);
          }
          throw error;
        },
      )
      .finally(() => this.checking.delete(key));
    this.checking.set(key, checked);
    return checked;
  }

  private async check(
    ref: CompoundEntityRef,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    const entityRef = stringifyEntityRef(ref);
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: stringifyEntityRef(entity) }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name} on ${entityRef}`,
      );
    }
    return entity;
  }

  private remember(key: string, entity: Entity) {
    this.grants.delete(key);
    if (this.grants.size >= MAX_REMEMBERED_GRANTS) {
      // Maps iterate in insertion order: drop the oldest grant.
      const oldest = this.grants.keys().next().value;
      if (oldest !== undefined) this.grants.delete(oldest);
    }
    const now = this.now();
    this.grants.set(key, {
      entity,
      recheckAt: now + this.grantTtlMs / 2,
      expiresAt: now + this.grantTtlMs,
    });
  }
}

/**
 * One token's question: its principal, its expiry (tokens of one user issued
 * at different times differ, so a new sign-in is checked afresh) and any
 * access restrictions, the permission and the entity.
 */
function grantKey(
  ref: CompoundEntityRef,
  permission: ResourcePermission<'catalog-entity'>,
  credentials: BackstageCredentials,
): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
    actor?: { subject: string };
    accessRestrictions?: unknown;
  };
  return JSON.stringify([
    principal.type,
    principal.userEntityRef ?? principal.subject,
    principal.actor?.subject,
    principal.accessRestrictions,
    credentials.expiresAt?.getTime(),
    permission.name,
    stringifyEntityRef(ref),
  ]);
}
