/// One near-data-processing unit (an NDP-DIMM, a CXL/PIM device): memory with a small compute
/// engine that reads its own memory at the internal bandwidth.
public struct NDPUnitSpec: Sendable, Equatable {
  public var name: String
  public var internalBandwidthBytesPerSecond: Double
  public var peakFlopsPerSecond: Double
  public var capacityBytes: Double
  public var memoryEfficiency: Double
  public var computeEfficiency: Double
  /// Fixed cost of one expert operation on the unit (command issue, buffer set-up, sync).
  public var operationOverheadSeconds: Double
  /// Unit-to-unit link (e.g. DIMM-link): tensor-parallel groups may reduce partial sums over it.
  public var unitLinkBandwidthBytesPerSecond: Double
  public var unitLinkEnergyJoulesPerByte: Double
  public var staticPowerWatts: Double
  public var dramEnergyJoulesPerByte: Double
  public var computeEnergyJoulesPerFlop: Double

  public init(
    name: String, internalBandwidthBytesPerSecond: Double, peakFlopsPerSecond: Double,
    capacityBytes: Double, memoryEfficiency: Double, computeEfficiency: Double,
    operationOverheadSeconds: Double, unitLinkBandwidthBytesPerSecond: Double,
    unitLinkEnergyJoulesPerByte: Double = 0, staticPowerWatts: Double, dramEnergyJoulesPerByte: Double,
    computeEnergyJoulesPerFlop: Double
  ) {
    self.name = name
    self.internalBandwidthBytesPerSecond = internalBandwidthBytesPerSecond
    self.peakFlopsPerSecond = peakFlopsPerSecond
    self.capacityBytes = capacityBytes
    self.memoryEfficiency = memoryEfficiency
    self.computeEfficiency = computeEfficiency
    self.operationOverheadSeconds = operationOverheadSeconds
    self.unitLinkBandwidthBytesPerSecond = unitLinkBandwidthBytesPerSecond
    self.unitLinkEnergyJoulesPerByte = unitLinkEnergyJoulesPerByte
    self.staticPowerWatts = staticPowerWatts
    self.dramEnergyJoulesPerByte = dramEnergyJoulesPerByte
    self.computeEnergyJoulesPerFlop = computeEnergyJoulesPerFlop
  }
}
