import {
  MAX_EXPERIMENT_VARIANTS,
  MIN_EXPERIMENT_VARIANTS,
  validateExperimentVariants,
} from './validateExperimentVariants';

const context = {
  primaryPromptId: 'p1',
  ownedPromptIds: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'],
};

const fields = (variants: Array<{ promptId: unknown; weight: unknown }>) =>
  validateExperimentVariants(variants, context).map(issue => issue.field);

describe('validateExperimentVariants', () => {
  it('accepts a valid split', () => {
    expect(MIN_EXPERIMENT_VARIANTS).toBe(2);
    expect(MAX_EXPERIMENT_VARIANTS).toBe(5);
    expect(
      validateExperimentVariants(
        [
          { promptId: 'p1', weight: 50 },
          { promptId: 'p2', weight: 50 },
        ],
        context,
      ),
    ).toEqual([]);
    expect(
      validateExperimentVariants(
        [
          { promptId: 'p1', weight: 0 },
          { promptId: 'p2', weight: 20 },
          { promptId: 'p3', weight: 20 },
          { promptId: 'p4', weight: 30 },
          { promptId: 'p5', weight: 30 },
        ],
        context,
      ),
    ).toEqual([]);
  });

  it('needs 2 to 5 variants', () => {
    expect(
      validateExperimentVariants([{ promptId: 'p1', weight: 100 }], context),
    ).toEqual([
      {
        field: 'variants',
        message: 'An experiment needs at least 2 variants; it has 1.',
      },
    ]);
    const six = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((promptId, i) => ({
      promptId,
      weight: i < 4 ? 17 : 16,
    }));
    expect(validateExperimentVariants(six, context)).toEqual([
      {
        field: 'variants',
        message: 'An experiment can have at most 5 variants; it has 6.',
      },
    ]);
    expect(fields([])).toEqual(['variants']);
  });

  it('needs a distinct, owned prompt id for every variant', () => {
    const issues = validateExperimentVariants(
      [
        { promptId: 'p1', weight: 25 },
        { promptId: '', weight: 25 },
        { promptId: 'p1', weight: 25 },
        { promptId: 'someone-elses', weight: 25 },
      ],
      context,
    );
    expect(issues).toEqual([
      {
        field: 'variants[1].promptId',
        message: 'Choose a prompt for this variant.',
      },
      {
        field: 'variants[2].promptId',
        message:
          'Prompt p1 is already variant 1; each prompt can be listed once.',
      },
      {
        field: 'variants[3].promptId',
        message: "Prompt someone-elses is not one of this entity's prompts.",
      },
    ]);
    expect(
      fields([
        { promptId: 'p1', weight: 50 },
        { promptId: 7, weight: 50 },
      ]),
    ).toEqual(['variants[1].promptId']);
  });

  it('needs the primary first', () => {
    expect(
      validateExperimentVariants(
        [
          { promptId: 'p2', weight: 50 },
          { promptId: 'p1', weight: 50 },
        ],
        context,
      ),
    ).toEqual([
      {
        field: 'variants[0].promptId',
        message:
          'The primary prompt p1 must be the first variant, not variant 2.',
      },
    ]);
    expect(
      validateExperimentVariants(
        [
          { promptId: 'p2', weight: 50 },
          { promptId: 'p3', weight: 50 },
        ],
        context,
      ),
    ).toEqual([
      {
        field: 'variants[0].promptId',
        message:
          'The primary prompt p1 must be the first variant; it is not listed.',
      },
    ]);
  });

  it('needs integer weights from 0 to 100', () => {
    const issues = validateExperimentVariants(
      [
        { promptId: 'p1', weight: 50.5 },
        { promptId: 'p2', weight: -1 },
        { promptId: 'p3', weight: '50' },
        { promptId: 'p4', weight: 101 },
        { promptId: 'p5', weight: null },
      ],
      context,
    );
    expect(issues.map(issue => issue.field)).toEqual([
      'variants[0].weight',
      'variants[1].weight',
      'variants[2].weight',
      'variants[3].weight',
      'variants[4].weight',
    ]);
    expect(issues[0].message).toBe(
      'A weight must be a whole number from 0 to 100, not 50.5.',
    );
  });

  it('needs the weights to add up to exactly 100, saying what they add up to', () => {
    expect(
      validateExperimentVariants(
        [
          { promptId: 'p1', weight: 60 },
          { promptId: 'p2', weight: 30 },
        ],
        context,
      ),
    ).toEqual([
      {
        field: 'variants',
        message: 'The weights must add up to 100; they add up to 90.',
      },
    ]);
    expect(
      fields([
        { promptId: 'p1', weight: 100 },
        { promptId: 'p2', weight: 100 },
      ]),
    ).toEqual(['variants']);
  });

  it('survives input that is not even a list of objects', () => {
    expect(fields(null as never)).toEqual(['variants']);
    expect(fields([null as never, { promptId: 'p2', weight: 100 }])).toEqual([
      'variants[0].promptId',
      'variants[0].weight',
      'variants[0].promptId',
    ]);
  });
});
