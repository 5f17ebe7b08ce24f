/// Which way a metric improves, by its meaning (a space's objectives may say otherwise for the
/// metrics they name): the one list for "best" in validation, reports and heatmaps.
public enum MetricSense {
  /// Metrics where more is better: rates, speedups, hit rates, utilisation.
  public static let higherIsBetter: Set<String> = [
    "tokens_per_s", "decode_tokens_per_s", "speedup", "prefetch_hit_rate", "cache_hit_rate",
    "gpu_expert_util",
  ]
}
