/// Decimal unit factors. Bandwidths and capacities follow vendor usage: 1 GB = 1e9 bytes.
public enum Unit {
  public static let kilo = 1e3
  public static let mega = 1e6
  public static let giga = 1e9
  public static let tera = 1e12
  public static let milli = 1e-3
  public static let micro = 1e-6
  public static let nano = 1e-9
  public static let pico = 1e-12
}
