import { EmulatorContext } from '../context';
import { conflict, invalidValue, notFound } from '../errors';
import { parseJsonObject } from '../http';
import { listing, readPaging } from '../paging';
import { PROMPTS_PATH } from '../promptStore';
import { RouteDefinition } from '../router';
import { validatePromptDefinition } from '../validation';

/** Prompt CRUD: list with exact name filter, create, get, full replace with revision check, delete. */
export function promptRoutes(ctx: EmulatorContext): RouteDefinition[] {
  const existing = (id: string) => {
    const prompt = ctx.prompts.get(id);
    if (!prompt) throw notFound(`Prompt ${id} was not found`);
    return prompt;
  };
  const nameTaken = (name: string) =>
    conflict(`A prompt named [${name}] already exists`, { name });

  return [
    {
      method: 'GET',
      template: PROMPTS_PATH,
      handler: ({ query }) => {
        const paging = readPaging(query);
        const name = query.get('name');
        const all = ctx.prompts.all();
        const matching = name === null ? all : all.filter(p => p.name === name);
        const filters: Record<string, string> = name === null ? {} : { name };
        return {
          status: 200,
          body: listing(matching, PROMPTS_PATH, paging, filters),
        };
      },
    },
    {
      method: 'POST',
      template: PROMPTS_PATH,
      handler: ({ rawBody }) => {
        const definition = validatePromptDefinition(parseJsonObject(rawBody));
        if (ctx.prompts.findByName(definition.name))
          throw nameTaken(definition.name);
        return { status: 200, body: ctx.prompts.create(definition) };
      },
    },
    {
      method: 'GET',
      template: `${PROMPTS_PATH}/{id}`,
      handler: ({ params }) => ({ status: 200, body: existing(params.id) }),
    },
    {
      method: 'PUT',
      template: `${PROMPTS_PATH}/{id}`,
      handler: ({ params, rawBody }) => {
        const current = existing(params.id);
        const body = parseJsonObject(rawBody);
        const revision = readRevision(body.revision);
        const definition = validatePromptDefinition(body);
        if (revision !== undefined && revision !== current.revision) {
          throw conflict(
            `Prompt revision [${revision}] does not match the current revision [${current.revision}]`,
            {
              revision: String(revision),
              currentRevision: String(current.revision),
            },
          );
        }
        const sameName = ctx.prompts.findByName(definition.name);
        if (sameName && sameName.id !== current.id)
          throw nameTaken(definition.name);
        return {
          status: 200,
          body: ctx.prompts.replace(current.id, definition),
        };
      },
    },
    {
      method: 'DELETE',
      template: `${PROMPTS_PATH}/{id}`,
      handler: ({ params }) => {
        existing(params.id);
        ctx.prompts.delete(params.id);
        ctx.routing.removePrompt(params.id);
        return { status: 204 };
      },
    },
  ];
}

/** The optional `revision` of a PUT body; null counts as absent. */
export function readRevision(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw invalidValue('revision must be a positive integer', [
      { errorCode: 'field.invalid.value', fieldName: 'revision' },
    ]);
  }
  return value as number;
}
