import Basics
import Foundation
import NDPModel

/// What must fit where, and what is left for experts on the GPU.
///
/// GPU: non-expert weights + KV cache (batch * (prompt + output) tokens) + workspace reserve must
/// fit; what remains (capped by the user's budget) holds cached, pinned or prefetched experts,
/// divided evenly over the MoE layers. A cache size the user sets (`policy.cache_experts`, for the
/// caching policies) must fit what remains. NDP: the unit holding the most expert bytes must fit
/// (`ceil(E / groups)` experts per layer, each split `degree` ways). Host: all experts for
/// offloading.
public struct MemoryPlan: Sendable {
  public let nonExpertBytes: Double
  public let kvCacheBytes: Double
  public let freeGPUBytes: Double
  public let gpuExpertBudgetBytes: Double
  public let gpuExpertsPerLayer: Int
  /// Experts per layer in the GPU cache of the caching policies: the user's `policy.cache_experts`
  /// (at most the model's experts), else what the budget holds.
  public let cacheExpertsPerLayer: Int
  /// GPU bytes that cache needs.
  public let cacheBytes: Double

  public init(point: DesignPoint) {
    let model = point.model
    let workload = point.workload
    nonExpertBytes = model.nonExpertWeightBytes
    kvCacheBytes =
      Double(workload.batchSize * workload.contextTokens) * Double(model.layers)
      * model.kvBytesPerTokenPerLayer
    freeGPUBytes =
      point.hardware.gpu.memoryCapacityBytes - nonExpertBytes - kvCacheBytes
      - point.options.workspaceReserveBytes
    let budget = max(0, min(freeGPUBytes, point.options.gpuExpertBudgetBytes ?? .infinity))
    gpuExpertBudgetBytes = budget
    let perLayer = budget / (Double(max(1, model.moeLayers)) * model.expertWeightBytes)
    gpuExpertsPerLayer = min(model.experts, Int(perLayer.rounded(.down)))
    cacheExpertsPerLayer = min(model.experts, point.options.cacheExpertsPerLayer ?? gpuExpertsPerLayer)
    cacheBytes = Double(cacheExpertsPerLayer * model.moeLayers) * model.expertWeightBytes
  }

  /// Why `policy` cannot run at `point`, or nil when it fits.
  public func infeasibility(policy: PolicyName, point: DesignPoint, tpDegree: Int) -> String? {
    let hardware = point.hardware
    let model = point.model
    if freeGPUBytes < 0 {
      return "GPU memory: non-expert weights \(gb(nonExpertBytes)) + KV cache \(gb(kvCacheBytes))"
        + " + reserve \(gb(point.options.workspaceReserveBytes)) exceed \(gb(hardware.gpu.memoryCapacityBytes))"
    }
    if policy == .oracle { return nil }
    if policy.offloads {
      if cacheBytes > gpuExpertBudgetBytes * (1 + 1e-12) {
        return "GPU memory: a cache of \(cacheExpertsPerLayer) experts per layer (\(gb(cacheBytes)))"
          + " exceeds the \(gb(gpuExpertBudgetBytes)) left for experts"
      }
      if model.totalExpertWeightBytes > hardware.host.memoryCapacityBytes {
        return
          "host memory: experts \(gb(model.totalExpertWeightBytes)) exceed \(gb(hardware.host.memoryCapacityBytes))"
      }
      return nil
    }
    do {
      let degree = [.ep, .monde, .ctxPlace].contains(policy) ? 1 : tpDegree
      let groups = hardware.ndpUnits / degree
      let expertsPerGroup = (model.experts + groups - 1) / groups
      let perUnit = Double(model.moeLayers * expertsPerGroup) * model.expertWeightBytes / Double(degree)
      if perUnit > hardware.ndp.capacityBytes {
        return "NDP memory: \(gb(perUnit)) of experts per unit exceed \(gb(hardware.ndp.capacityBytes))"
          + " (\(Counted.text(hardware.ndpUnits, "unit")))"
      }
      return nil
    }
  }

  private func gb(_ bytes: Double) -> String { String(format: "%.2f GB", bytes / 1e9) }
}
