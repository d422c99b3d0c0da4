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
    const grant = this.grants.get(key);
    if (grant && grant.expiresAt > this.now()) {
      return grant.entity;
    }
    this.grants.delete(key);
    const inFlight = this.checking.get(key);
    if (inFlight) {
      return inFlight;
    }
    const checked = this.check(ref, permission, credentials)
      .then(entity => {
        this.remember(key, entity);
        return entity;
      })
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
    if (this.grants.size >= MAX_REMEMBERED_GRANTS) {
      // Maps iterate in insertion order: drop the oldest grant.
      const oldest = this.grants.keys().next().value;
      if (oldest !== undefined) this.grants.delete(oldest);
    }
    this.grants.set(key, { entity, expiresAt: this.now() + this.grantTtlMs });
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
