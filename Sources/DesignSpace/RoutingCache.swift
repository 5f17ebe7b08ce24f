import Foundation
import NDPModel
import Routing
import Simulation

/// Routing prepared once per distinct workload and shared by every point and worker that needs
/// it: the first worker to ask generates it, the others wait for that one instead of generating
/// it again (with --jobs 2 both used to generate the same routing at the same moment). Keeps the
/// most recently used within `budgetBytes`, so a sweep generates each workload once unless its
/// workloads together outgrow the budget (then memory stays bounded and the least recently used
/// is made again when next needed).
final class RoutingCache: @unchecked Sendable {
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

  private let condition = NSCondition()
  private var entries: [Key: PreparedWorkload] = [:]
  private var inFlight: Set<Key> = []
  /// Least recently used first.
  private var order: [Key] = []
  private var bytes = 0
  let budgetBytes: Int
  /// How many routings were generated (each workload once while it stays cached).
  private(set) var generated = 0

  init(budgetBytes: Int = 192 << 20) { self.budgetBytes = budgetBytes }

  func workload(for point: DesignPoint) -> PreparedWorkload {
    let key = Key(point)
    condition.lock()
    while true {
      if let found = entries[key] {
        if order.last != key, let position = order.firstIndex(of: key) {
          order.remove(at: position)
          order.append(key)
        }
        condition.unlock()
        return found
      }
      guard inFlight.contains(key) else { break }
      condition.wait()
    }
    inFlight.insert(key)
    condition.unlock()
    let prepared = PreparedWorkload(generatingFor: point)
    condition.lock()
    inFlight.remove(key)
    entries[key] = prepared
    generated += 1
    order.append(key)
    bytes += prepared.approximateBytes
    while bytes > budgetBytes && order.count > 1 {
      let evicted = order.removeFirst()
      bytes -= entries.removeValue(forKey: evicted)?.approximateBytes ?? 0
    }
    condition.broadcast()
    condition.unlock()
    return prepared
  }
}
