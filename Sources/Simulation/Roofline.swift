/// The roofline for one piece of work on one device (brief, section 1):
/// t = max(bytes / (bandwidth * memory efficiency), flops / (peak * compute efficiency)) + overhead.
///
/// Callers pass reciprocals (`secondsPerByte = 1 / (bandwidth * efficiency)`) computed once per
/// point; products of non-negative numbers round monotonically, so more bandwidth never gives a
/// larger result even in floating point.
@inlinable
public func rooflineSeconds(
  bytes: Double, flops: Double, secondsPerByte: Double, secondsPerFlop: Double, overhead: Double
) -> Double {
  max(bytes * secondsPerByte, flops * secondsPerFlop) + overhead
}
