export {
  EXPERIMENT_WEIGHT_TOTAL,
  MAX_EXPERIMENT_VARIANTS,
  MIN_EXPERIMENT_VARIANTS,
  validateExperimentVariants,
} from './validateExperimentVariants';
export type {
  ExperimentVariantContext,
  ExperimentVariantIssue,
  UncheckedExperimentVariant,
} from './validateExperimentVariants';
export { evenWeights, rebalanceWeights } from './weights';
