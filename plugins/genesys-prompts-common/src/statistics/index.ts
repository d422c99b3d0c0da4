export {
  normalCdf,
  normalQuantile,
  normalSurvival,
  twoSidedNormalPValue,
} from './normal';
export { twoProportionZTest } from './twoProportionZTest';
export type {
  ProportionSample,
  ProportionTestOptions,
} from './twoProportionZTest';
export { LatencyHistogram } from './LatencyHistogram';
export type { LatencyHistogramJson } from './LatencyHistogram';
export { mannWhitneyU, mannWhitneyUFromSamples } from './mannWhitneyU';
export type { RankTestOptions } from './mannWhitneyU';
export { requiredSampleSize } from './requiredSampleSize';
export type { SampleSizeInput } from './requiredSampleSize';
export {
  bucketTotals,
  combineMetricBuckets,
  metricsFromGenesysBucket,
} from './metricBuckets';
export type {
  GenesysBucketMetric,
  LatencyBucketStats,
  MetricsBucket,
} from './metricBuckets';
