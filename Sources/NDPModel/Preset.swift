import Basics

/// What a preset describes.
public enum PresetKind: String, Sendable, CaseIterable {
  case model, gpu, ndp, link, host
}

/// One value of a preset, in the display unit of its parameter, with its source.
///
/// An assumed value may carry the range a physical device of its kind could have (e.g. an
/// NDP-DIMM's internal bandwidth between one DDR4-3200 channel and four ranks read in parallel):
/// calibration fits a value only within it.
public struct PresetValue: Sendable {
  public let key: String
  public let value: Double
  public let source: Source
  public let plausibleRange: ClosedRange<Double>?

  public init(_ key: String, _ value: Double, _ source: Source, plausible: ClosedRange<Double>? = nil) {
    self.key = key
    self.value = value
    self.source = source
    plausibleRange = plausible
  }
}

/// A named set of parameter values (a GPU, an NDP unit kind, a link, a host, a model).
public struct Preset: Sendable {
  public let name: String
  public let kind: PresetKind
  public let summary: String
  public let values: [PresetValue]

  public init(name: String, kind: PresetKind, summary: String, values: [PresetValue]) {
    self.name = name
    self.kind = kind
    self.summary = summary
    self.values = values
  }

  /// This preset's value of `key`, if it sets one.
  public func value(of key: String) -> PresetValue? { values.first { $0.key == key } }

  /// Writes every value into `point` and records its source.
  public func apply(to point: inout DesignPoint) throws(InputError) {
    for entry in values {
      try ParameterRegistry.parameter(named: entry.key).apply(entry.value, to: &point)
      point.sources[entry.key] = entry.source
    }
    switch kind {
    case .model: point.model.name = name
    case .gpu: point.hardware.gpu.name = name
    case .ndp: point.hardware.ndp.name = name
    case .link: point.hardware.link.name = name
    case .host: point.hardware.host.name = name
    }
  }
}

/// The names a design point is built from.
public struct PresetSelection: Sendable, Equatable {
  public var model = "qwen3-30b-a3b"
  public var gpu = "rtx5080"
  public var ndp = "ndp-dimm"
  public var link = "pcie5-x16"
  public var host = "ddr5-host"

  public init() {}

  /// The preset named for `kind`.
  public subscript(kind: PresetKind) -> String {
    get {
      switch kind {
      case .model: return model
      case .gpu: return gpu
      case .ndp: return ndp
      case .link: return link
      case .host: return host
      }
    }
    set {
      switch kind {
      case .model: model = newValue
      case .gpu: gpu = newValue
      case .ndp: ndp = newValue
      case .link: link = newValue
      case .host: host = newValue
      }
    }
  }

  public init(model: String, gpu: String, ndp: String, link: String, host: String) {
    self.model = model
    self.gpu = gpu
    self.ndp = ndp
    self.link = link
    self.host = host
  }
}

extension DesignPoint {
  /// The name of the preset of `kind` the point was built from.
  public func presetName(_ kind: PresetKind) -> String {
    switch kind {
    case .model: return model.name
    case .gpu: return hardware.gpu.name
    case .ndp: return hardware.ndp.name
    case .link: return hardware.link.name
    case .host: return hardware.host.name
    }
  }

  /// A point with every numeric field zero; presets fill it.
  static var empty: DesignPoint {
    let gpu = GPUSpec(
      name: "", peakFlopsPerSecond: 0, memoryBandwidthBytesPerSecond: 0, memoryCapacityBytes: 0,
      memoryEfficiency: 1, computeEfficiency: 1, kernelLaunchSeconds: 0, staticPowerWatts: 0,
      dramEnergyJoulesPerByte: 0, computeEnergyJoulesPerFlop: 0)
    let ndp = NDPUnitSpec(
      name: "", internalBandwidthBytesPerSecond: 0, peakFlopsPerSecond: 0, capacityBytes: 0,
      memoryEfficiency: 1, computeEfficiency: 1, operationOverheadSeconds: 0,
      unitLinkBandwidthBytesPerSecond: 0, unitLinkEnergyJoulesPerByte: 0, staticPowerWatts: 0,
      dramEnergyJoulesPerByte: 0, computeEnergyJoulesPerFlop: 0)
    let link = LinkSpec(
      name: "", bandwidthBytesPerSecond: 0, efficiency: 1, latencySeconds: 0, energyJoulesPerByte: 0)
    let host = HostSpec(
      name: "", memoryCapacityBytes: 0, memoryBandwidthBytesPerSecond: 0, peakFlopsPerSecond: 0,
      memoryEfficiency: 1, computeEfficiency: 1, staticPowerWatts: 0, dramEnergyJoulesPerByte: 0,
      computeEnergyJoulesPerFlop: 0)
    let model = MoEModel(
      name: "", hiddenSize: 0, expertFFN: 0, experts: 0, sharedExpertFFN: 0, topK: 0, layers: 0,
      attentionHeads: 0, kvHeads: 0, headDim: 0, vocabSize: 0,
      routing: RoutingParameters(zipfExponent: 0))
    return DesignPoint(
      hardware: Hardware(gpu: gpu, ndp: ndp, ndpUnits: 4, link: link, host: host), model: model,
      workload: Workload(batchSize: 1, promptTokens: 512, outputTokens: 512, seed: 1))
  }

  /// Builds a point from presets (of `catalog`: the shipped ones by default), with default
  /// workload (batch 1, 512 in, 512 out, seed 1) and 4 NDP units; every value's source is recorded.
  public static func from(
    _ selection: PresetSelection, catalog: PresetCatalog = .shipped
  ) throws(InputError)
    -> DesignPoint
  {
    var point = DesignPoint.empty
    for kind in [PresetKind.gpu, .ndp, .link, .host, .model] {
      try catalog.named(selection[kind], kind: kind).apply(to: &point)
    }
    for key in ["ndp.units", "workload.batch", "workload.prompt", "workload.output", "workload.seed"] {
      point.sources[key] = .assumed("default (seed paper setting: 4 units, batch 1, 512 in, 512 out)")
    }
    point.sources["policy.workspace_reserve_gb"] = .assumed("activations and CUDA workspace")
    point.sources["policy.alpha"] = .paper(
      "Zhu et al. (arXiv 2508.18983): alpha 0.25-0.35 keeps accuracy nearly flat")
    point.sources["policy.eviction_window"] = .assumed("a few decode steps of score history")
    point.sources["policy.prefetch_accuracy"] = .assumed("next-layer expert prediction accuracy")
    point.sources["policy.predictor_accuracy"] = .assumed("a learned expert predictor's accuracy")
    point.sources["policy.prefetch_horizon"] = .assumed(
      "adaptive, as ExpertFlow (arXiv 2510.26730) chooses its horizon")
    point.sources["policy.ndp_avg_bits"] = .assumed("the model's precision unless a sweep sets a budget")
    point.sources["policy.ndp_scale_bits"] = .assumed(
      "GPTQ's common setting: a 16-bit scale and a 16-bit zero point per group of 128 weights")
    return point
  }
}
