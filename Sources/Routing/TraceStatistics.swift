import Foundation

/// What a routing (a trace, or the generator's) looks like, layer by layer: how skewed the
/// experts' loads are, how often a token's first choice repeats the previous token's, and how
/// alike the prefill and decode phases (and the requests) choose.
public struct TraceStatistics: Sendable {
  public struct Layer: Sendable {
    /// The busiest expert's activations over the mean (1 = perfectly even).
    public var skew: Double
    /// Least-squares slope of log load against log rank, negated: the Zipf exponent of the loads.
    public var zipfFit: Double
    /// Share of consecutive tokens (within a request and phase) whose first choice repeats.
    public var repeats: Double
    /// What repeats by chance alone: the sum of squared first-choice shares.
    public var chanceRepeats: Double
    /// Cosine similarity of the prefill and decode loads.
    public var phaseCosine: Double
    /// Mean cosine similarity of the requests' loads (nil with one request).
    public var requestCosine: Double?

    /// Repeats beyond chance, as the generator's locality: (repeats - chance) / (1 - chance).
    public var locality: Double {
      chanceRepeats < 1 ? max(0, (repeats - chanceRepeats) / (1 - chanceRepeats)) : 0
    }
  }

  public let layers: [Layer]

  public init(_ routing: Routing) {
    layers = (0..<routing.layers).map { Self.layer($0, of: routing) }
  }

  /// The mean over layers of `value`.
  public func mean(_ value: (Layer) -> Double) -> Double {
    layers.isEmpty ? 0 : layers.map(value).reduce(0, +) / Double(layers.count)
  }

  /// The deep layers' mean locality (the generator's ramps up to its value by the middle layer).
  public var deepLocality: Double {
    let deep = layers.dropFirst(max(1, (layers.count - 1) / 2))
    return deep.isEmpty ? 0 : deep.map(\.locality).reduce(0, +) / Double(deep.count)
  }

  static func layer(_ layer: Int, of routing: Routing) -> Layer {
    var prefill = [Double](repeating: 0, count: routing.experts)
    var decode = prefill
    var firsts = prefill
    var perRequest: [[Double]] = []
    var (repeats, pairs) = (0, 0)
    for request in routing.requests {
      var own = [Double](repeating: 0, count: routing.experts)
      for phase in Phase.allCases {
        let block = request.block(phase)
        var previous = -1
        for token in 0..<block.tokens {
          let base = block.base(token: token, layer: layer)
          for slot in 0..<block.topK {
            let e = Int(block.experts[base + slot])
            if phase == .prefill { prefill[e] += 1 } else { decode[e] += 1 }
            own[e] += 1
          }
          let first = Int(block.experts[base])
          firsts[first] += 1
          if previous >= 0 {
            pairs += 1
            repeats += first == previous ? 1 : 0
          }
          previous = first
        }
      }
      perRequest.append(own)
    }
    let loads = zip(prefill, decode).map { $0 + $1 }
    let firstTotal = firsts.reduce(0, +)
    return Layer(
      skew: skew(loads), zipfFit: zipfFit(loads), repeats: pairs > 0 ? Double(repeats) / Double(pairs) : 0,
      chanceRepeats: firstTotal > 0 ? firsts.map { ($0 / firstTotal) * ($0 / firstTotal) }.reduce(0, +) : 0,
      phaseCosine: cosine(prefill, decode), requestCosine: meanPairCosine(perRequest))
  }

  static func skew(_ loads: [Double]) -> Double {
    let mean = loads.reduce(0, +) / Double(max(1, loads.count))
    return mean > 0 ? (loads.max() ?? 0) / mean : 0
  }

  /// The Zipf exponent fitted to the loaded experts' sorted loads (0 with fewer than two).
  static func zipfFit(_ loads: [Double]) -> Double {
    let sorted = loads.filter { $0 > 0 }.sorted(by: >)
    guard sorted.count >= 2 else { return 0 }
    let x = (1...sorted.count).map { Foundation.log(Double($0)) }
    let y = sorted.map { Foundation.log($0) }
    let mx = x.reduce(0, +) / Double(x.count)
    let my = y.reduce(0, +) / Double(y.count)
    let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
    let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
    return sxx > 0 ? -sxy / sxx : 0
  }

  static func cosine(_ a: [Double], _ b: [Double]) -> Double {
    var (dot, aa, bb) = (0.0, 0.0, 0.0)
    for i in a.indices {
      dot += a[i] * b[i]
      aa += a[i] * a[i]
      bb += b[i] * b[i]
    }
    let norms = (aa * bb).squareRoot()
    return norms > 0 ? dot / norms : 0
  }

  /// The mean cosine over pairs of vectors, without a loop over pairs: with each vector scaled to
  /// unit length, the pairs' dot products add up to (|sum|^2 - R) / 2 for R vectors.
  static func meanPairCosine(_ vectors: [[Double]]) -> Double? {
    let units = vectors.compactMap { v -> [Double]? in
      let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      return norm > 0 ? v.map { $0 / norm } : nil
    }
    guard vectors.count > 1 else { return nil }
    var sum = [Double](repeating: 0, count: vectors[0].count)
    for u in units { for i in u.indices { sum[i] += u[i] } }
    let pairs = Double(vectors.count * (vectors.count - 1))
    return (sum.reduce(0) { $0 + $1 * $1 } - Double(units.count)) / pairs
  }
}
