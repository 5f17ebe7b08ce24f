import Basics

/// A named, unit-carrying input of a design point: what `--set KEY=VALUE`, presets and space
/// files address. Values are given and shown in the display unit; `scale` converts to SI.
public struct Parameter: Sendable {
  public enum Domain: Sendable {
    /// Strictly greater than zero.
    case positive
    /// Zero or more.
    case nonNegative
    /// In (0, 1].
    case fraction
    /// In [0, 1].
    case probability
    /// A whole number, at least `minimum`.
    case integer(minimum: Int)
    /// 0 (the feature is off) or a number in `range`.
    case offOrWithin(ClosedRange<Double>)
  }

  enum Storage: Sendable {
    case double(WritableKeyPath<DesignPoint, Double> & Sendable)
    case int(WritableKeyPath<DesignPoint, Int> & Sendable)
    case optionalDouble(WritableKeyPath<DesignPoint, Double?> & Sendable)
    case optionalInt(WritableKeyPath<DesignPoint, Int?> & Sendable)
    case seed
  }

  public let key: String
  /// Display unit, e.g. "GB/s"; empty for counts and ratios.
  public let unit: String
  public let summary: String
  public let domain: Domain
  /// Multiply a display value by this to get the stored SI value.
  public let scale: Double
  let storage: Storage

  /// The value in display units; nil for an optional that is unset (derived).
  public func value(in point: DesignPoint) -> Double? {
    switch storage {
    case .double(let path): return point[keyPath: path] / scale
    case .int(let path): return Double(point[keyPath: path])
    case .optionalDouble(let path): return point[keyPath: path].map { $0 / scale }
    case .optionalInt(let path): return point[keyPath: path].map(Double.init)
    case .seed: return Double(point.workload.seed)
    }
  }

  /// The values the domain allows, in words: "> 0", ">= 0", "(0, 1]", "[0, 1]", "whole, >= 1".
  public var validRange: String {
    switch domain {
    case .positive: return "> 0"
    case .nonNegative: return ">= 0"
    case .fraction: return "(0, 1]"
    case .probability: return "[0, 1]"
    case .integer(let minimum): return "whole, >= \(minimum)"
    case .offOrWithin(let range):
      return "0 (off) or [\(Parameter.format(range.lowerBound)), \(Parameter.format(range.upperBound))]"
    }
  }

  /// Checks `value` against the domain; the error names the key and what was expected.
  public func validate(_ value: Double) throws(InputError) {
    let expected: String?
    switch domain {
    case .positive: expected = value > 0 && value.isFinite ? nil : "a number greater than 0"
    case .nonNegative: expected = value >= 0 && value.isFinite ? nil : "a number of 0 or more"
    case .fraction: expected = value > 0 && value <= 1 ? nil : "a fraction in (0, 1]"
    case .probability: expected = value >= 0 && value <= 1 ? nil : "a probability in [0, 1]"
    case .integer(let minimum):
      expected =
        value.isFinite && value.rounded() == value && value >= Double(minimum) && value < 1e15
        ? nil : "a whole number of at least \(minimum)"
    case .offOrWithin(let range):
      expected =
        value == 0 || range.contains(value)
        ? nil
        : "0 (off) or a number from \(Parameter.format(range.lowerBound)) to \(Parameter.format(range.upperBound))"
    }
    if let expected {
      throw InputError("\(key) must be \(expected), got \(Parameter.format(value))")
    }
  }

  /// Sets the value (display units) after validating it.
  public func apply(_ value: Double, to point: inout DesignPoint) throws(InputError) {
    try validate(value)
    switch storage {
    case .double(let path): point[keyPath: path] = value * scale
    case .int(let path): point[keyPath: path] = Int(value)
    case .optionalDouble(let path): point[keyPath: path] = value * scale
    case .optionalInt(let path): point[keyPath: path] = Int(value)
    case .seed: point.workload.seed = UInt64(value)
    }
  }

  /// Shortest decimal text of a display value (integers without a fraction).
  public static func format(_ value: Double) -> String {
    if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }
}

/// Every parameter of a design point, by key.
public enum ParameterRegistry {
  public static let all: [Parameter] = hardware + model + workload

  public static func parameter(named key: String) throws(InputError) -> Parameter {
    if let found = byKey[key] { return found }
    throw InputError.unknownName(kind: "parameter", name: key, known: all.map(\.key))
  }

  /// Applies `key=value` text, e.g. from `--set`; the error names the key and the expectation.
  public static func apply(assignment: String, to point: inout DesignPoint) throws(InputError) {
    guard let equals = assignment.firstIndex(of: "=") else {
      throw InputError("--set expects KEY=VALUE, got '\(assignment)'")
    }
    let key = String(assignment[..<equals]).trimmingCharacters(in: " ")
    let text = String(assignment[assignment.index(after: equals)...]).trimmingCharacters(in: " ")
    let parameter = try parameter(named: key)
    guard let value = Double(text) else {
      throw InputError("\(key) must be a number, got '\(text)'")
    }
    try parameter.apply(value, to: &point)
    point.sources[key] = Source(.user, "set on the command line")
  }

  /// The preset kind whose presets set `key` (`routing.*` keys belong to models), or nil for
  /// workload and policy keys.
  public static func presetKind(of key: String) -> PresetKind? {
    let prefix = key.split(separator: ".").first.map(String.init) ?? ""
    return prefix == "routing" ? .model : PresetKind(rawValue: prefix)
  }

  static let byKey: [String: Parameter] = Dictionary(
    uniqueKeysWithValues: all.map { ($0.key, $0) })

  private static func p(
    _ key: String, _ unit: String, _ summary: String, _ domain: Parameter.Domain, _ scale: Double,
    _ storage: Parameter.Storage
  ) -> Parameter {
    Parameter(key: key, unit: unit, summary: summary, domain: domain, scale: scale, storage: storage)
  }

  static let hardware: [Parameter] = [
    p(
      "gpu.peak_tflops", "TFLOP/s", "GPU dense FP16 tensor throughput", .positive, Unit.tera,
      .double(\.hardware.gpu.peakFlopsPerSecond)),
    p(
      "gpu.mem_bw_gb_per_s", "GB/s", "GPU memory bandwidth", .positive, Unit.giga,
      .double(\.hardware.gpu.memoryBandwidthBytesPerSecond)),
    p(
      "gpu.memory_gb", "GB", "GPU memory capacity", .positive, Unit.giga,
      .double(\.hardware.gpu.memoryCapacityBytes)),
    p(
      "gpu.mem_efficiency", "", "share of GPU bandwidth a kernel reaches", .fraction, 1,
      .double(\.hardware.gpu.memoryEfficiency)),
    p(
      "gpu.compute_efficiency", "", "share of GPU peak a GEMM reaches", .fraction, 1,
      .double(\.hardware.gpu.computeEfficiency)),
    p(
      "gpu.launch_us", "us", "GPU kernel launch overhead", .nonNegative, Unit.micro,
      .double(\.hardware.gpu.kernelLaunchSeconds)),
    p(
      "gpu.static_w", "W", "GPU static power", .nonNegative, 1,
      .double(\.hardware.gpu.staticPowerWatts)),
    p(
      "gpu.dram_pj_per_byte", "pJ/B", "GPU DRAM access energy", .nonNegative, Unit.pico,
      .double(\.hardware.gpu.dramEnergyJoulesPerByte)),
    p(
      "gpu.pj_per_flop", "pJ/FLOP", "GPU compute energy", .nonNegative, Unit.pico,
      .double(\.hardware.gpu.computeEnergyJoulesPerFlop)),
    p("ndp.units", "", "number of NDP units", .integer(minimum: 1), 1, .int(\.hardware.ndpUnits)),
    p(
      "ndp.bw_gb_per_s", "GB/s", "NDP unit internal bandwidth", .positive, Unit.giga,
      .double(\.hardware.ndp.internalBandwidthBytesPerSecond)),
    p(
      "ndp.peak_gflops", "GFLOP/s", "NDP unit FP16 throughput", .positive, Unit.giga,
      .double(\.hardware.ndp.peakFlopsPerSecond)),
    p(
      "ndp.capacity_gb", "GB", "NDP unit memory capacity", .positive, Unit.giga,
      .double(\.hardware.ndp.capacityBytes)),
    p(
      "ndp.mem_efficiency", "", "share of NDP internal bandwidth reached", .fraction, 1,
      .double(\.hardware.ndp.memoryEfficiency)),
    p(
      "ndp.compute_efficiency", "", "share of NDP peak reached", .fraction, 1,
      .double(\.hardware.ndp.computeEfficiency)),
    p(
      "ndp.op_overhead_us", "us", "fixed cost per expert operation on a unit", .nonNegative,
      Unit.micro, .double(\.hardware.ndp.operationOverheadSeconds)),
    p(
      "ndp.unit_link_gb_per_s", "GB/s", "unit-to-unit link bandwidth", .positive, Unit.giga,
      .double(\.hardware.ndp.unitLinkBandwidthBytesPerSecond)),
    p(
      "ndp.unit_link_pj_per_byte", "pJ/B", "unit-to-unit link transfer energy", .nonNegative,
      Unit.pico, .double(\.hardware.ndp.unitLinkEnergyJoulesPerByte)),
    p(
      "ndp.static_w", "W", "static power per NDP unit", .nonNegative, 1,
      .double(\.hardware.ndp.staticPowerWatts)),
    p(
      "ndp.dram_pj_per_byte", "pJ/B", "NDP internal DRAM access energy", .nonNegative, Unit.pico,
      .double(\.hardware.ndp.dramEnergyJoulesPerByte)),
    p(
      "ndp.pj_per_flop", "pJ/FLOP", "NDP compute energy", .nonNegative, Unit.pico,
      .double(\.hardware.ndp.computeEnergyJoulesPerFlop)),
    p(
      "link.bw_gb_per_s", "GB/s", "GPU-NDP/host link bandwidth per direction", .positive,
      Unit.giga, .double(\.hardware.link.bandwidthBytesPerSecond)),
    p(
      "link.efficiency", "", "share of link bandwidth real transfers reach", .fraction, 1,
      .double(\.hardware.link.efficiency)),
    p(
      "link.latency_us", "us", "fixed cost per link transfer", .nonNegative, Unit.micro,
      .double(\.hardware.link.latencySeconds)),
    p(
      "link.pj_per_byte", "pJ/B", "link transfer energy", .nonNegative, Unit.pico,
      .double(\.hardware.link.energyJoulesPerByte)),
    p(
      "host.memory_gb", "GB", "host memory capacity", .positive, Unit.giga,
      .double(\.hardware.host.memoryCapacityBytes)),
    p(
      "host.bw_gb_per_s", "GB/s", "host memory bandwidth", .positive, Unit.giga,
      .double(\.hardware.host.memoryBandwidthBytesPerSecond)),
    p(
      "host.peak_gflops", "GFLOP/s", "host CPU throughput", .positive, Unit.giga,
      .double(\.hardware.host.peakFlopsPerSecond)),
    p(
      "host.mem_efficiency", "", "share of host memory bandwidth a CPU kernel reaches", .fraction, 1,
      .double(\.hardware.host.memoryEfficiency)),
    p(
      "host.compute_efficiency", "", "share of host CPU peak a GEMV reaches", .fraction, 1,
      .double(\.hardware.host.computeEfficiency)),
    p(
      "host.static_w", "W", "host static power", .nonNegative, 1,
      .double(\.hardware.host.staticPowerWatts)),
    p(
      "host.dram_pj_per_byte", "pJ/B", "host DRAM access energy", .nonNegative, Unit.pico,
      .double(\.hardware.host.dramEnergyJoulesPerByte)),
    p(
      "host.pj_per_flop", "pJ/FLOP", "host CPU compute energy", .nonNegative, Unit.pico,
      .double(\.hardware.host.computeEnergyJoulesPerFlop)),
  ]

  static let model: [Parameter] = [
    p("model.hidden", "", "hidden size", .integer(minimum: 1), 1, .int(\.model.hiddenSize)),
    p(
      "model.expert_ffn", "", "intermediate size of one routed expert", .integer(minimum: 1), 1,
      .int(\.model.expertFFN)),
    p(
      "model.experts", "", "routed experts per layer", .integer(minimum: 1), 1,
      .int(\.model.experts)),
    p(
      "model.shared_ffn", "", "total intermediate size of shared experts", .integer(minimum: 0), 1,
      .int(\.model.sharedExpertFFN)),
    p(
      "model.top_k", "", "experts activated per token", .integer(minimum: 1), 1,
      .int(\.model.topK)),
    p("model.layers", "", "decoder layers", .integer(minimum: 1), 1, .int(\.model.layers)),
    p(
      "model.dense_layers", "", "leading layers with a dense FFN", .integer(minimum: 0), 1,
      .int(\.model.firstDenseLayers)),
    p(
      "model.dense_ffn", "", "intermediate size of dense FFN layers", .integer(minimum: 0), 1,
      .int(\.model.denseFFN)),
    p(
      "model.attention_heads", "", "attention heads", .integer(minimum: 1), 1,
      .int(\.model.attentionHeads)),
    p("model.kv_heads", "", "key/value heads", .integer(minimum: 1), 1, .int(\.model.kvHeads)),
    p("model.head_dim", "", "head dimension", .integer(minimum: 1), 1, .int(\.model.headDim)),
    p("model.vocab", "", "vocabulary size", .integer(minimum: 1), 1, .int(\.model.vocabSize)),
    p(
      "model.bytes_per_weight", "B", "bytes per non-expert weight", .positive, 1,
      .double(\.model.bytesPerWeight)),
    p(
      "model.expert_bytes_per_weight", "B", "bytes per routed-expert weight", .positive, 1,
      .double(\.model.expertBytesPerWeight)),
    p(
      "model.kv_bytes_per_token_layer", "B", "KV-cache bytes per token and layer (MLA etc.)",
      .positive, 1, .optionalDouble(\.model.kvBytesPerTokenPerLayerOverride)),
    p(
      "routing.zipf", "", "Zipf exponent of per-layer expert popularity", .nonNegative, 1,
      .double(\.model.routing.zipfExponent)),
    p(
      "routing.request_drift", "", "weight of a request's own popularity", .probability, 1,
      .double(\.model.routing.requestDrift)),
    p(
      "routing.phase_drift", "", "weight of a decode-only popularity", .probability, 1,
      .double(\.model.routing.phaseDrift)),
    p(
      "routing.locality", "", "chance a token repeats the previous first choice (deep layers)",
      .probability, 1, .double(\.model.routing.locality)),
    p(
      "routing.temperature", "", "router logit temperature", .positive, 1,
      .double(\.model.routing.scoreTemperature)),
  ]

  static let workload: [Parameter] = [
    p(
      "workload.batch", "", "concurrent requests", .integer(minimum: 1), 1,
      .int(\.workload.batchSize)),
    p(
      "workload.prompt", "tokens", "prompt tokens per request", .integer(minimum: 1), 1,
      .int(\.workload.promptTokens)),
    p(
      "workload.output", "tokens", "output tokens per request", .integer(minimum: 1), 1,
      .int(\.workload.outputTokens)),
    p("workload.seed", "", "routing seed", .integer(minimum: 0), 1, .seed),
    p(
      "policy.tp_degree", "", "NDP units per tensor-parallel group (default: all)",
      .integer(minimum: 1), 1, .optionalInt(\.options.tpDegree)),
    p(
      "policy.gpu_expert_budget_gb", "GB", "GPU memory for cached/pinned/prefetched experts",
      .nonNegative, Unit.giga, .optionalDouble(\.options.gpuExpertBudgetBytes)),
    p(
      "policy.workspace_reserve_gb", "GB", "GPU memory kept for activations and workspace",
      .nonNegative, Unit.giga, .double(\.options.workspaceReserveBytes)),
    p(
      "policy.alpha", "", "substitution band of the smoe family (0 = never substitute)", .probability,
      1, .double(\.options.substitutionAlpha)),
    p(
      "policy.eviction_window", "steps", "steps the smoe cache averages gate scores over",
      .integer(minimum: 1), 1, .int(\.options.evictionWindowSteps)),
    p(
      "policy.prefetch_accuracy", "", "share of next-layer misses the smoe prefetcher predicts",
      .probability, 1, .double(\.options.prefetchAccuracy)),
    p(
      "policy.cache_experts", "experts",
      "experts per layer in the GPU expert cache of gpu-offload and smoe* (default: the budget)",
      .integer(minimum: 0), 1, .optionalInt(\.options.cacheExpertsPerLayer)),
    p(
      "policy.predictor_accuracy", "",
      "share of a layer's experts the predictor of tp-lb-pp and offload-pp guesses right",
      .probability, 1, .double(\.options.predictorAccuracy)),
    p(
      "policy.prefetch_horizon", "layers",
      "MoE layers ahead the predictor of tp-lb-pp and offload-pp looks (0 = adaptive)",
      .integer(minimum: 0), 1, .int(\.options.prefetchHorizonLayers)),
    p(
      "policy.ndp_avg_bits", "bits",
      "average weight bits of ctx-place's NDP experts, each at 4, 3, 2 or 1 (0 = the model's precision)",
      .offOrWithin(1...4), 1, .double(\.options.ndpAverageBits)),
    p(
      "policy.ndp_scale_bits", "bits", "bits per weight quantized NDP experts spend on group scales",
      .nonNegative, 1, .double(\.options.ndpScaleBitsPerWeight)),
  ]
}

extension String {
  func trimmingCharacters(in set: Character) -> String {
    var text = Substring(self)
    while text.first == set { text = text.dropFirst() }
    while text.last == set { text = text.dropLast() }
    return String(text)
  }
}
