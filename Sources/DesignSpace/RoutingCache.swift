import Basics
import Foundation
import NDPModel
import Routing
import Simulation

/// Routing prepared once per distinct workload and shared by every point and worker that needs
/// it (`SharedCache`: with --jobs 2 both used to generate the same routing at the same moment).
/// Keeps the most recently used within `budgetBytes`, decisions made on them included, so a sweep
/// generates each workload once unless its workloads together outgrow the budget (then memory
/// stays bounded and the least recently used is made again when next needed).
public final class RoutingCache: Sendable {
  struct Key: Hashable {
    var experts: Int, topK: Int, moeLayers: Int, batch: Int, prompt: Int, output: Int
    var seed: UInt64, zipf: Double, requestDrift: Double, phaseDrift: Double, locality: Double
    var temperature: Double, candidates: Int

    init(_ point: DesignPoint) {
      let model = point.model
      let r = model.routing
      let w = point.workload
      self.init(
        experts: model.experts, topK: model.topK, moeLayers: model.moeLayers, batch: w.batchSize,
        prompt: w.promptTokens, output: w.outputTokens, seed: w.seed, zipf: r.zipfExponent,
        requestDrift: r.requestDrift, phaseDrift: r.phaseDrift, locality: r.locality,
        temperature: r.scoreTemperature, candidates: r.candidates)
    }

    init(
      experts: Int, topK: Int, moeLayers: Int, batch: Int, prompt: Int, output: Int, seed: UInt64,
      zipf: Double,
      requestDrift: Double, phaseDrift: Double, locality: Double, temperature: Double, candidates: Int
    ) {
      (self.experts, self.topK, self.moeLayers) = (experts, topK, moeLayers)
      (self.batch, self.prompt, self.output, self.seed) = (batch, prompt, output, seed)
      (self.zipf, self.requestDrift, self.phaseDrift) = (zipf, requestDrift, phaseDrift)
      (self.locality, self.temperature, self.candidates) = (locality, temperature, candidates)
    }
  }

  private let cache: SharedCache<Key, PreparedWorkload>

  public init(budgetBytes: Int = 192 << 20) {
    cache = SharedCache(budgetBytes: budgetBytes) { $0.approximateBytes }
  }

  /// How many routings were generated (each workload once while it stays cached).
  var generated: Int { cache.made }

  public func workload(for point: DesignPoint) -> PreparedWorkload {
    cache.value(Key(point)) { PreparedWorkload(generatingFor: point) }
  }
}
