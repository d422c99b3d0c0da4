import { DEMO_PROMPT_NAMES, demoPromptId } from './demoData';
import { PromptStore } from './promptStore';
import { RoutingStore } from './routingStore';
import { seedDemoData } from './demoData';
import { validatePromptDefinition } from './validation';

describe('demo data', () => {
  it('has exactly the documented names and distinct, stable ids', () => {
    expect(DEMO_PROMPT_NAMES).toEqual([
      'customer-support-assistant',
      'customer-support-assistant-concise',
      'escalation-detector',
      'billing-inquiry-classifier',
      'order-status-summarizer',
    ]);
    const ids = DEMO_PROMPT_NAMES.map(demoPromptId);
    expect(new Set(ids).size).toBe(ids.length);
    // Pinned so a change that would move the ids between releases is noticed.
    expect(demoPromptId('customer-support-assistant')).toBe(
      '734251cd-32a2-545b-82bf-13c3aef8bb49',
    );
  });

  it('seeds prompts that pass the server validation themselves', () => {
    const prompts = new PromptStore(Date.now);
    seedDemoData(prompts, new RoutingStore(Date.now));
    expect(prompts.size).toBe(DEMO_PROMPT_NAMES.length);
    for (const prompt of prompts.all()) {
      expect(() => validatePromptDefinition({ ...prompt })).not.toThrow();
      expect(prompt.template).toMatch(/\{\{\w+\}\}/);
      expect(prompt.contextRules.length).toBeGreaterThan(0);
    }
  });
});
