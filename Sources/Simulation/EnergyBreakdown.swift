/// Energy of a run by where it was spent, in joules; `total` is their sum.
///
/// Dynamic energy is bytes and FLOPs at each tier times that tier's energy per byte or FLOP:
/// GPU DRAM (weights read, fetched weights written, the KV cache, partial sums reduced), NDP DRAM,
/// host DRAM (experts read by the host CPU or read to be sent to the GPU), compute on each device,
/// and bytes over the GPU link and the unit-to-unit links. Static energy is each used device's
/// static power times the end-to-end time.
public struct EnergyBreakdown: Sendable, Equatable {
  public var gpuDRAM = 0.0
  public var gpuCompute = 0.0
  public var ndpDRAM = 0.0
  public var ndpCompute = 0.0
  public var hostDRAM = 0.0
  public var hostCompute = 0.0
  public var link = 0.0
  public var unitLink = 0.0
  public var staticPower = 0.0

  public init() {}

  public var total: Double {
    gpuDRAM + gpuCompute + ndpDRAM + ndpCompute + hostDRAM + hostCompute + link + unitLink + staticPower
  }

  /// (key, joules) pairs in presentation order.
  public var parts: [(key: String, joules: Double)] {
    [
      ("gpu_dram", gpuDRAM), ("gpu_compute", gpuCompute), ("ndp_dram", ndpDRAM),
      ("ndp_compute", ndpCompute), ("host_dram", hostDRAM), ("host_compute", hostCompute),
      ("link", link), ("unit_link", unitLink), ("static", staticPower),
    ]
  }
}
