import { createHash } from 'node:crypto';
import { formatUuid } from './prng';
import { PromptStore } from './promptStore';
import { RoutingStore } from './routingStore';
import { EmulatorTrafficConfig, TrafficProfile } from './trafficConfig';
import { PromptDefinition } from './types';

/** The PRNG seed used when `seed` is `true`. */
export const DEFAULT_TRAFFIC_SEED = 20261126;

/** Names of the seeded demo prompts. */
export const DEMO_PROMPT_NAMES: string[] = [
  'customer-support-assistant',
  'customer-support-assistant-concise',
  'escalation-detector',
  'billing-inquiry-classifier',
  'order-status-summarizer',
];

/**
 * The stable id of a seeded prompt: a UUID-shaped SHA-256 of its name, the
 * same on every start (defined for any name).
 */
export function demoPromptId(name: string): string {
  const digest = createHash('sha256')
    .update(`genesys-emulator/prompt/${name}`)
    .digest();
  return formatUuid(digest, 5);
}

interface DemoPrompt {
  definition: PromptDefinition;
  revision: number;
  dateCreated: string;
  dateModified: string;
  traffic: TrafficProfile;
  /** Conversations per hour at the daily peak; absent for variant-only prompts. */
  peakPerHour?: number;
}

const DEMO_PROMPTS: DemoPrompt[] = [
  {
    definition: {
      name: 'customer-support-assistant',
      version: '1.3.0',
      template: [
        'You are a friendly, precise customer support agent for {{company_name}}.',
        'Answer in {{language}} and keep a calm, professional tone.',
        '',
        'Summary of the conversation so far: {{conversation_summary}}',
        'Customer tier: {{customer_tier}}',
        'Customer message: {{user_input}}',
        '',
        'Rules:',
        '- Only use facts from the knowledge base articles provided in context.',
        '- If you are not sure, say so and offer to connect the customer with a human agent.',
        '- Never ask for full card numbers or passwords.',
      ].join('\n'),
      variables: [
        { name: 'company_name', type: 'string', required: true },
        {
          name: 'language',
          type: 'string',
          required: false,
          defaultValue: 'English',
        },
        {
          name: 'conversation_summary',
          type: 'string',
          required: false,
          defaultValue: '',
        },
        {
          name: 'customer_tier',
          type: 'string',
          required: false,
          defaultValue: 'standard',
        },
        { name: 'user_input', type: 'string', required: true },
      ],
      contextRules: [
        {
          source: 'conversation_history',
          maxTokens: 1500,
          injectionPoint: 'system',
        },
        { source: 'knowledge_base', maxTokens: 1200, injectionPoint: 'system' },
      ],
      modelId: 'openai-gpt-4-turbo',
      maxTokens: 4096,
    },
    revision: 3,
    dateCreated: '2025-02-03T09:15:00.000Z',
    dateModified: '2025-05-20T14:02:11.000Z',
    peakPerHour: 64,
    traffic: {
      latencyMedianMs: 1350,
      latencySigma: 0.4,
      successRate: 0.965,
      tokensMean: 1150,
      tokensSd: 260,
    },
  },
  {
    definition: {
      name: 'customer-support-assistant-concise',
      version: '1.1.0',
      template: [
        'You are a support agent for {{company_name}}. Reply in {{language}} in at most three short sentences.',
        'Customer message: {{user_input}}',
        'If the answer is not in the provided articles, offer a human agent.',
      ].join('\n'),
      variables: [
        { name: 'company_name', type: 'string', required: true },
        {
          name: 'language',
          type: 'string',
          required: false,
          defaultValue: 'English',
        },
        { name: 'user_input', type: 'string', required: true },
      ],
      contextRules: [
        {
          source: 'conversation_history',
          maxTokens: 600,
          injectionPoint: 'system',
        },
        { source: 'knowledge_base', maxTokens: 800, injectionPoint: 'system' },
      ],
      modelId: 'openai-gpt-4o-mini',
      maxTokens: 2048,
    },
    revision: 2,
    dateCreated: '2025-05-26T10:00:00.000Z',
    dateModified: '2025-05-28T16:45:30.000Z',
    traffic: {
      latencyMedianMs: 620,
      latencySigma: 0.35,
      successRate: 0.945,
      tokensMean: 520,
      tokensSd: 120,
    },
  },
  {
    definition: {
      name: 'escalation-detector',
      version: '2.0.1',
      template: [
        'Decide whether this conversation must be escalated to a supervisor.',
        'Escalate when the customer is angry, mentions legal action or cancellation,',
        'or the same issue has been raised {{repeat_threshold}} or more times.',
        'Queue: {{queue_name}}',
        'Latest customer message: {{user_input}}',
        'Answer with JSON: {"escalate": true|false, "reason": "<one sentence>", "urgency": "low|medium|high"}',
      ].join('\n'),
      variables: [
        {
          name: 'repeat_threshold',
          type: 'number',
          required: false,
          defaultValue: '3',
        },
        { name: 'queue_name', type: 'string', required: true },
        { name: 'user_input', type: 'string', required: true },
      ],
      contextRules: [
        {
          source: 'conversation_history',
          maxTokens: 1200,
          injectionPoint: 'user',
        },
      ],
      modelId: 'openai-gpt-4o',
      maxTokens: 2048,
    },
    revision: 4,
    dateCreated: '2025-01-13T08:30:00.000Z',
    dateModified: '2025-04-28T11:20:45.000Z',
    peakPerHour: 40,
    traffic: {
      latencyMedianMs: 900,
      latencySigma: 0.35,
      successRate: 0.985,
      tokensMean: 700,
      tokensSd: 150,
    },
  },
  {
    definition: {
      name: 'billing-inquiry-classifier',
      version: '1.2.0',
      template: [
        "Classify the customer's billing question into exactly one category:",
        'refund, payment_failed, invoice_copy, plan_change, unexpected_charge, other.',
        'Account status: {{account_status}}',
        'Recent invoices: {{recent_invoices}}',
        'Customer message: {{user_input}}',
        'Reply with the category name only.',
      ].join('\n'),
      variables: [
        { name: 'account_status', type: 'string', required: true },
        {
          name: 'recent_invoices',
          type: 'array',
          required: false,
          defaultValue: '[]',
        },
        { name: 'user_input', type: 'string', required: true },
      ],
      contextRules: [
        { source: 'external_api', maxTokens: 300, injectionPoint: 'system' },
      ],
      modelId: 'openai-gpt-4o-mini',
      maxTokens: 1024,
    },
    revision: 2,
    dateCreated: '2025-03-10T13:00:00.000Z',
    dateModified: '2025-03-24T09:41:02.000Z',
    peakPerHour: 30,
    traffic: {
      latencyMedianMs: 380,
      latencySigma: 0.3,
      successRate: 0.99,
      tokensMean: 260,
      tokensSd: 60,
    },
  },
  {
    definition: {
      name: 'order-status-summarizer',
      version: '1.0.0',
      template: [
        'Summarize the status of order {{order_id}} for the customer in two sentences.',
        'Order data: {{order_data}}',
        'Include the expected delivery date if known, and a tracking link when {{include_tracking}} is true.',
      ].join('\n'),
      variables: [
        { name: 'order_id', type: 'string', required: true },
        { name: 'order_data', type: 'string', required: true },
        {
          name: 'include_tracking',
          type: 'boolean',
          required: false,
          defaultValue: 'true',
        },
      ],
      contextRules: [
        { source: 'external_api', maxTokens: 400, injectionPoint: 'user' },
      ],
      modelId: 'openai-gpt-3.5-turbo',
      maxTokens: 1024,
    },
    revision: 1,
    dateCreated: '2025-04-07T15:10:00.000Z',
    dateModified: '2025-04-07T15:10:00.000Z',
    peakPerHour: 45,
    traffic: {
      latencyMedianMs: 520,
      latencySigma: 0.32,
      successRate: 0.975,
      tokensMean: 380,
      tokensSd: 90,
    },
  },
];

/** The running A/B split: primary, variants by name, and when it started. */
const DEMO_EXPERIMENT = {
  primary: 'customer-support-assistant',
  variants: [
    { name: 'customer-support-assistant', weight: 50 },
    { name: 'customer-support-assistant-concise', weight: 50 },
  ],
  revision: 2,
  since: '2025-06-02T08:00:00.000Z',
};

/** Puts the demo prompts and the running split into empty stores. */
export function seedDemoData(
  prompts: PromptStore,
  routing: RoutingStore,
): void {
  for (const demo of DEMO_PROMPTS) {
    prompts.create(demo.definition, {
      id: demoPromptId(demo.definition.name),
      revision: demo.revision,
      dateCreated: demo.dateCreated,
      dateModified: demo.dateModified,
    });
  }
  const primary = prompts.get(demoPromptId(DEMO_EXPERIMENT.primary))!;
  routing.set(
    primary,
    DEMO_EXPERIMENT.variants.map(v => ({
      promptId: demoPromptId(v.name),
      weight: v.weight,
    })),
    { revision: DEMO_EXPERIMENT.revision, dateModified: DEMO_EXPERIMENT.since },
  );
}

/**
 * The seeded traffic, in the shape of the traffic configuration: each demo
 * prompt's profile, and the office-hours stream of every prompt but the concise
 * variant (which only gets what the split routes to it), from its creation on.
 * The split itself is the seeded routing, so routing changes made through the
 * API take effect from their time on.
 */
export function demoTrafficConfig(): EmulatorTrafficConfig {
  return {
    prompts: Object.fromEntries(
      DEMO_PROMPTS.map(demo => [
        demoPromptId(demo.definition.name),
        {
          ...(demo.peakPerHour !== undefined
            ? { peakPerHour: demo.peakPerHour }
            : {}),
          profile: { ...demo.traffic },
          startsAt: demo.dateCreated,
        },
      ]),
    ),
  };
}
