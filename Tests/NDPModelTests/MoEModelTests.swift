import Basics
import Testing

@testable import NDPModel

@Suite struct MoEModelTests {
  func qwen3() throws -> MoEModel { try DesignPoint.from(PresetSelection()).model }

  @Test func expertWeightsAreThreeMatricesOfHiddenByFFN() throws {
    // W = 3 * 2048 * 768 * 2 bytes; F = 2 * 3 * 2048 * 768 per token.
    let model = try qwen3()
    #expect(model.expertWeightBytes == 9_437_184)
    #expect(model.expertFlopsPerToken == 9_437_184)
    #expect(model.totalExpertWeightBytes == 48 * 128 * 9_437_184)
  }

  @Test func attentionAndKVFollowTheHeadLayout() throws {
    // Qwen3-30B-A3B: 32 query heads, 4 KV heads of 128: Q,O = 2048 x 4096; K,V = 2048 x 512.
    let model = try qwen3()
    let expected: Double = 2 * 2048 * 4096 + 2 * 2048 * 512
    #expect(model.attentionParametersPerLayer == expected)
    #expect(model.kvBytesPerTokenPerLayer == 2 * 4 * 128 * 2)
  }

  @Test func nonExpertWeightsCountEmbeddingsTwiceWhenUntied() throws {
    let model = try qwen3()
    let attentionParameters: Double = 2 * 2048 * 4096 + 2 * 2048 * 512
    let attention: Double = 48 * attentionParameters * 2
    let routers: Double = 48 * 2048 * 128 * 2
    let embeddings: Double = 2 * 151_936 * 2048 * 2
    #expect(model.nonExpertWeightBytes == attention + routers + embeddings)
  }

  @Test func mxfp4ExpertsAreAboutAQuarterOfBF16() throws {
    var point = try DesignPoint.from(PresetSelection())
    try Presets.named("gpt-oss-20b", kind: .model).apply(to: &point)
    #expect(point.model.expertWeightBytes == 3 * 2880 * 2880 * 0.53125)
    #expect(point.sources["model.expert_bytes_per_weight"]?.provenance == .spec)
  }

  @Test func deepSeekHasADenseFirstLayerAndMLACache() throws {
    var point = try DesignPoint.from(PresetSelection())
    try Presets.named("deepseek-v2-lite", kind: .model).apply(to: &point)
    #expect(point.model.moeLayers == 26)
    #expect(point.model.kvBytesPerTokenPerLayer == 1152)
  }
}

@Suite struct PresetTests {
  @Test func everyPresetValueHasAKnownKeyAndASource() throws {
    for preset in Presets.all {
      for entry in preset.values {
        _ = try ParameterRegistry.parameter(named: entry.key)
        #expect(!entry.source.citation.isEmpty, "\(preset.name) \(entry.key)")
        #expect(entry.source.provenance != .user)
      }
    }
  }

  @Test func everyCombinationOfPresetsBuildsAPointWithSourcesForAllItsValues() throws {
    for model in Presets.names(of: .model) {
      for gpu in Presets.names(of: .gpu) {
        let point = try DesignPoint.from(
          PresetSelection(model: model, gpu: gpu, ndp: "ndp-dimm", link: "pcie5-x16", host: "ddr5-host"))
        #expect(point.model.name == model)
        #expect(point.sources["gpu.mem_bw_gb_per_s"]?.provenance == .spec)
        #expect(point.sources["routing.zipf"] != nil)
      }
    }
  }

  @Test func presetsCarryTheBriefsFigures() throws {
    let point = try DesignPoint.from(PresetSelection())
    #expect(point.hardware.gpu.memoryBandwidthBytesPerSecond == 960e9)
    #expect(point.hardware.gpu.memoryCapacityBytes == 16e9)
    #expect(point.hardware.link.bandwidthBytesPerSecond == 63e9)
    #expect(point.hardware.ndp.peakFlopsPerSecond == 512e9)
    #expect(point.model.routing.zipfExponent == 0.42)
  }

  @Test func unknownPresetSuggestsTheNearestName() {
    #expect(throws: InputError("unknown gpu preset 'rtx580'; did you mean 'rtx5080'?")) {
      try Presets.named("rtx580", kind: .gpu)
    }
    #expect(throws: InputError("unknown model preset 'qwen3'; did you mean 'qwen3-30b-a3b'?")) {
      try Presets.named("qwen3", kind: .model)
    }
  }
}

@Suite struct ParameterTests {
  @Test func valuesAreSetInDisplayUnitsAndStoredInSI() throws {
    var point = try DesignPoint.from(PresetSelection())
    try ParameterRegistry.apply(assignment: "ndp.bw_gb_per_s=200", to: &point)
    #expect(point.hardware.ndp.internalBandwidthBytesPerSecond == 200e9)
    #expect(point.sources["ndp.bw_gb_per_s"]?.provenance == .user)
    try ParameterRegistry.apply(assignment: "link.latency_us = 3", to: &point)
    #expect(point.hardware.link.latencySeconds == 3e-6)
  }

  @Test func badValuesNameTheKeyAndWhatWasExpected() throws {
    var point = try DesignPoint.from(PresetSelection())
    #expect(throws: InputError("workload.batch must be a whole number of at least 1, got 0")) {
      try ParameterRegistry.apply(assignment: "workload.batch=0", to: &point)
    }
    #expect(throws: InputError("gpu.mem_bw_gb_per_s must be a number greater than 0, got -5")) {
      try ParameterRegistry.apply(assignment: "gpu.mem_bw_gb_per_s=-5", to: &point)
    }
    #expect(throws: InputError("link.efficiency must be a fraction in (0, 1], got 1.5")) {
      try ParameterRegistry.apply(assignment: "link.efficiency=1.5", to: &point)
    }
    #expect(throws: InputError("ndp.units must be a number, got 'four'")) {
      try ParameterRegistry.apply(assignment: "ndp.units=four", to: &point)
    }
    #expect(throws: InputError("--set expects KEY=VALUE, got 'ndp.units'")) {
      try ParameterRegistry.apply(assignment: "ndp.units", to: &point)
    }
    #expect(throws: InputError("unknown parameter 'ndp.unit'; did you mean 'ndp.units'?")) {
      try ParameterRegistry.apply(assignment: "ndp.unit=4", to: &point)
    }
  }

  @Test func everyParameterReadsBackWhatWasSet() throws {
    var point = try DesignPoint.from(PresetSelection())
    for parameter in ParameterRegistry.all {
      let value: Double
      switch parameter.domain {
      case .fraction, .probability: value = 0.5
      case .integer(let minimum): value = Double(max(minimum, 1) + 2)
      case .positive, .nonNegative: value = 7.25
      case .offOrWithin(let range): value = (range.lowerBound + range.upperBound) / 2
      }
      try parameter.apply(value, to: &point)
      #expect(parameter.value(in: point) == value, "\(parameter.key)")
    }
  }

  @Test func anOffOrWithinKnobTakesZeroOrItsRangeAndNothingElse() throws {
    var point = try DesignPoint.from(PresetSelection())
    for value in [0, 1, 2.5, 4] {
      try ParameterRegistry.apply(assignment: "policy.ndp_avg_bits=\(value)", to: &point)
      #expect(point.options.ndpAverageBits == value)
    }
    for value in ["0.5", "5", "-1"] {
      #expect(
        throws: InputError(
          "policy.ndp_avg_bits must be 0 (off) or a number from 1 to 4, got \(value == "-1" ? "-1" : value)")
      ) {
        try ParameterRegistry.apply(assignment: "policy.ndp_avg_bits=\(value)", to: &point)
      }
    }
  }

  @Test func editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    #expect(Suggestion.editDistance("", "abc") == 3)
    #expect(Suggestion.nearest(to: "zzzzzzzz", in: ["ep", "tp"]) == nil)
  }
}
