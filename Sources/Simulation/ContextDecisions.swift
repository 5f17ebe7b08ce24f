import Basics
import Routing

/// What `ctx-place` decides from the prefill (Fan et al., arXiv 2512.04476), once per workload
/// and knobs: per layer, each expert's importance, 0.5 x its activation count + 0.5 x its summed
/// gate score in the prefill, each normalised by the layer's largest; the most important experts
/// (as many as the GPU budget holds, ties to the lower id) are the layer's GPU set, the others
/// stay on NDP at the bits `BitBudget` gives them in the same order.
final class ContextDecisions: Decisions {
  /// Per layer, the experts the GPU holds in the decode, by id.
  let gpuSets: [[UInt16]]
  /// Per (layer, expert): the share of its weights an NDP unit reads in the decode (1 at the
  /// model's precision).
  let weightShares: RawStorage<Double>
  /// Whether any NDP expert is kept below the model's precision.
  let quantized: Bool
  /// Gate-score mass of the run's activations, and of those computed below the model's precision.
  let precision: PrecisionTally

  /// The decisions for `gpuExperts` per layer on the GPU and, unless nil, `budget` on NDP; a
  /// quantized expert of b bits reads (b + `scaleBits`) / `modelBits` of its weights.
  init(
    routing: Routing, table: ActivationTable, gpuExperts: Int, budget: BitBudget?, modelBits: Double,
    scaleBits: Double
  ) {
    let (layers, experts) = (table.layers, table.experts)
    weightShares = RawStorage(repeating: 1.0, count: layers * experts)
    let onGPU = min(gpuExperts, experts)
    let bits = budget?.allocate(count: experts - onGPU)
    var gpuSets: [[UInt16]] = []
    for layer in 0..<layers {
      let order = Self.importanceOrder(routing: routing, table: table, layer: layer)
      gpuSets.append(order.prefix(onGPU).sorted().map { UInt16($0) })
      for (rank, expert) in order.enumerated() where rank >= onGPU {
        if let bits {
          let share = (Double(bits[rank - onGPU]) + scaleBits) / modelBits
          weightShares[layer * experts + expert] = min(1, share)
        }
      }
    }
    self.gpuSets = gpuSets
    let shares = weightShares
    quantized = (0..<shares.count).contains { shares[$0] < 1 }
    precision = Self.tally(routing: routing, layers: layers, experts: experts, shares: weightShares)
  }

  var approximateBytes: Int { weightShares.count * 8 + gpuSets.reduce(64) { $0 + $1.count * 2 + 32 } }

  /// The layer's experts, most important first.
  static func importanceOrder(routing: Routing, table: ActivationTable, layer: Int) -> [Int] {
    var counts = [Double](repeating: 0, count: table.experts)
    for entry in table.range(step: 0, layer: layer) {
      counts[Int(table.expertIDs[entry])] = Double(table.tokenCounts[entry])
    }
    var scores = [Double](repeating: 0, count: table.experts)
    for request in routing.requests {
      let block = request.prefill
      for token in 0..<block.tokens {
        let base = block.base(token: token, layer: layer)
        for slot in 0..<block.topK {
          scores[Int(block.experts[base + slot])] += Double(block.scores[base + slot])
        }
      }
    }
    let countScale = counts.max().map { $0 > 0 ? 1 / $0 : 0 } ?? 0
    let scoreScale = scores.max().map { $0 > 0 ? 1 / $0 : 0 } ?? 0
    let importance = (0..<table.experts).map { 0.5 * counts[$0] * countScale + 0.5 * scores[$0] * scoreScale }
    return (0..<table.experts).sorted {
      importance[$0] > importance[$1] || (importance[$0] == importance[$1] && $0 < $1)
    }
  }

  /// The run's activated gate-score mass (prefill at full precision, decode as `shares` say).
  static func tally(routing: Routing, layers: Int, experts: Int, shares: RawStorage<Double>) -> PrecisionTally
  {
    var tally = PrecisionTally()
    for request in routing.requests {
      for phase in Phase.allCases {
        let block = request.block(phase)
        for token in 0..<block.tokens {
          for layer in 0..<layers {
            let base = block.base(token: token, layer: layer)
            for slot in 0..<block.topK {
              let score = Double(block.scores[base + slot])
              tally.activatedMass += score
              if phase == .decode && shares[layer * experts + Int(block.experts[base + slot])] < 1 {
                tally.reducedMass += score
              }
            }
          }
        }
      }
    }
    return tally
  }
}

/// Activated gate-score mass, and the part of it computed below the model's precision.
struct PrecisionTally: Sendable {
  var activatedMass = 0.0
  var reducedMass = 0.0

  /// The accuracy-risk figure: the share of activated mass computed at reduced precision.
  var reducedShare: Double { activatedMass > 0 ? reducedMass / activatedMass : 0 }
}
