import Basics

/// The outputs of one policy at one design point (README, "Outputs").
public struct PolicyResult: Sendable, Equatable {
  public var policy: PolicyName
  public var feasible: Bool
  public var infeasibleReason: String?
  public var ttftSeconds = 0.0
  public var tpotSeconds = 0.0
  public var e2eSeconds = 0.0
  public var tokensPerSecond = 0.0
  /// Tokens per second of the decode steps alone (batch / tpot): the steady serving rate.
  public var decodeTokensPerSecond = 0.0
  public var energyJoulesPerToken = 0.0
  /// The run's energy over its end-to-end time.
  public var averagePowerWatts = 0.0
  /// The higher of the prefill stage's and the decode stage's average power.
  public var peakPowerWatts = 0.0
  /// The GPU's computation as a share of the expert phases' time (waits for weights excluded).
  public var gpuExpertUtilisation = 0.0
  /// Busy share of end-to-end time of the busier link direction.
  public var linkUtilisation = 0.0
  /// Busiest over mean NDP unit busy time in expert phases; 0 when no NDP work was done.
  public var ndpImbalance = 0.0
  /// Share of decode expert activations whose expert was resident on the GPU when needed.
  public var prefetchHitRate = 0.0
  public var linkBytesPerToken = 0.0
  /// Share of decode activations served from a GPU expert cache (offloading policies; else 0).
  public var cacheHitRate = 0.0
  /// Share of activated expert slots replaced by a substitute (0 for policies that never do).
  public var substitutionRate = 0.0
  /// Share of activated gate-score mass moved to substitutes: the accuracy-risk figure.
  public var substitutedScoreMass = 0.0
  /// Share of activated gate-score mass computed below the model's precision (`ctx-place` with
  /// `policy.ndp_avg_bits`): the accuracy risk of quantized NDP experts.
  public var reducedPrecisionScoreMass = 0.0
  /// Baseline e2e / this e2e; nil when either is infeasible.
  public var speedup: Double?
  public var breakdown = Breakdown()
  public var energy = EnergyBreakdown()
  public var resources = ResourceUsage()

  public init(policy: PolicyName, feasible: Bool, infeasibleReason: String? = nil) {
    self.policy = policy
    self.feasible = feasible
    self.infeasibleReason = infeasibleReason
  }
}

extension PolicyResult {
  /// Output keys in presentation order: JSON keys, CSV columns, space-file metrics.
  public static let metricKeys = [
    "ttft_ms", "tpot_ms", "e2e_ms", "tokens_per_s", "decode_tokens_per_s", "energy_mj_per_token",
    "power_w", "peak_power_w", "gpu_expert_util", "link_util", "ndp_imbalance", "prefetch_hit_rate",
    "link_bytes_per_token", "speedup", "cache_hit_rate",
    "substitution_rate", "substituted_score_mass", "reduced_precision_score_mass",
  ]

  /// Values in display units, keyed as `metricKeys` (nil: speedup without a feasible baseline).
  public var metricValues: [Double?] {
    [
      ttftSeconds * 1e3, tpotSeconds * 1e3, e2eSeconds * 1e3, tokensPerSecond, decodeTokensPerSecond,
      energyJoulesPerToken * 1e3, averagePowerWatts, peakPowerWatts, gpuExpertUtilisation, linkUtilisation,
      ndpImbalance, prefetchHitRate,
      linkBytesPerToken, speedup, cacheHitRate, substitutionRate, substitutedScoreMass,
      reducedPrecisionScoreMass,
    ]
  }
}
