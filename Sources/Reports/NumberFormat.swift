import Basics
import DesignSpace
import Foundation
import NDPModel
import Simulation

/// How numbers appear on pages: one place, so a figure reads the same in every table, tooltip
/// and label. Three to four significant digits with the unit; full precision stays in the data.
public enum NumberFormat {
  /// `value` to `digits` significant digits, without exponent for ordinary magnitudes.
  public static func significant(_ value: Double, digits: Int = 4) -> String {
    guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "inf" : "-inf") }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e7 || magnitude < 1e-4 { return String(format: "%.\(digits - 1)e", value) }
    let decimals = max(0, digits - 1 - Int(Foundation.floor(Foundation.log10(magnitude))))
    return trim(String(format: "%.\(decimals)f", value))
  }

  /// A metric's value in its display unit (shares as percentages), as charts plot it.
  public static func display(_ metric: String, _ value: Double) -> Double {
    unit(metric) == "%" ? value * 100 : value
  }

  /// A metric's value with its unit: "8.93 ms", "31.4%", "1.62x", "$1,899".
  public static func metric(_ metric: String, _ value: Double) -> String {
    switch unit(metric) {
    case "%": return significant(value * 100, digits: 3) + "%"
    case "x": return significant(value, digits: 3) + "x"
    case "USD": return "$" + grouped(value)
    case "": return metric == "ndp.units" ? Counted.text(Int(value), "unit") : significant(value)
    case let unit: return significant(value) + " " + unit
    }
  }

  /// Full precision, for `data-value` (round-trips the Double).
  public static func exact(_ value: Double) -> String { "\(value)" }

  /// Thousands separated, no decimals ($ amounts).
  static func grouped(_ value: Double) -> String {
    let digits = String(Int(value.rounded()))
    var out = ""
    for (i, c) in digits.reversed().enumerated() {
      if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
      out.append(c)
    }
    return String(out.reversed())
  }

  /// The display unit of a metric or parameter: "ms", "%" (shares), "x", "USD", or the
  /// parameter registry's unit.
  public static func unit(_ key: String) -> String {
    switch key {
    case "ttft_ms", "tpot_ms", "e2e_ms": return "ms"
    case "tokens_per_s", "decode_tokens_per_s": return "tokens/s"
    case "energy_mj_per_token": return "mJ/token"
    case "gpu_expert_util", "link_util", "prefetch_hit_rate", "cache_hit_rate", "substitution_rate",
      "substituted_score_mass", "reduced_precision_score_mass":
      return "%"
    case "ndp_imbalance": return "max/mean"
    case "link_bytes_per_token": return "B/token"
    case "speedup": return "x"
    case "cost_usd": return "USD"
    case "power_w", "peak_power_w": return "W"
    case "usd_per_tokens_per_s": return "USD per token/s"
    default:
      if key.hasPrefix("breakdown_") { return "ms" }
      return (try? ParameterRegistry.parameter(named: key).unit) ?? ""
    }
  }

  /// A metric or parameter's name for axes and headings, with its unit.
  public static func title(_ key: String, withUnit: Bool = true) -> String {
    let names = [
      "ttft_ms": "time to first token", "tpot_ms": "time per output token", "e2e_ms": "end-to-end latency",
      "tokens_per_s": "throughput", "decode_tokens_per_s": "decode rate",
      "energy_mj_per_token": "energy per token", "power_w": "average power",
      "peak_power_w": "peak stage power", "usd_per_tokens_per_s": "cost per decode throughput",
      "gpu_expert_util": "GPU compute share of expert phases", "link_util": "link busy share",
      "ndp_imbalance": "NDP imbalance", "prefetch_hit_rate": "GPU-resident share of activations",
      "link_bytes_per_token": "link traffic per token", "speedup": "speedup",
      "cache_hit_rate": "cache hit rate", "substitution_rate": "substitution rate",
      "substituted_score_mass": "substituted score mass",
      "reduced_precision_score_mass": "reduced-precision score mass", "cost_usd": "cost",
      "ndp.units": "NDP units", "ndp.bw_gb_per_s": "NDP bandwidth per unit",
      "link.bw_gb_per_s": "link bandwidth",
      "policy.alpha": "alpha", "policy.gpu_expert_budget_gb": "GPU expert budget",
      "policy.cache_experts": "cached experts per layer", "model.expert_ffn": "expert FFN width",
      "model.experts": "experts", "model.top_k": "top-k", "workload.batch": "batch",
      "workload.prompt": "prompt tokens", "workload.output": "output tokens",
    ]
    guard withUnit else { return names[key] ?? key }
    return (names[key] ?? key) + " (\(titleUnit(key)))"
  }

  /// An axis or fixed setting as shown: a preset's name, or a number to four significant digits
  /// (a log range's 199.99999999999997 reads 200).
  public static func setting(_ value: SettingValue) -> String {
    switch value {
    case .preset(let name): return name
    case .number(let number): return significant(number)
    }
  }

  /// A table heading: the short name of a metric with its unit ("tpot (ms)").
  public static func heading(_ key: String) -> String {
    let short = [
      "ttft_ms": "ttft", "tpot_ms": "tpot", "e2e_ms": "end to end", "tokens_per_s": "throughput",
      "decode_tokens_per_s": "decode rate", "energy_mj_per_token": "energy", "power_w": "power",
      "peak_power_w": "peak power", "usd_per_tokens_per_s": "cost per throughput",
      "gpu_expert_util": "GPU share", "link_util": "link busy",
      "ndp_imbalance": "NDP imbalance", "prefetch_hit_rate": "GPU-resident",
      "link_bytes_per_token": "link traffic",
      "cache_hit_rate": "cache hits", "substitution_rate": "substituted",
      "substituted_score_mass": "substituted mass", "reduced_precision_score_mass": "quantized mass",
    ]
    guard let name = short[key] else { return title(key) }
    return "\(name) (\(titleUnit(key)))"
  }

  /// The unit an axis title states: the display unit, or for a unitless parameter what kind of
  /// number it is.
  static func titleUnit(_ key: String) -> String {
    let unit = unit(key)
    if !unit.isEmpty { return unit }
    if PresetKind(rawValue: key) != nil { return "preset" }
    guard let parameter = try? ParameterRegistry.parameter(named: key) else { return "value" }
    switch parameter.domain {
    case .integer: return "count"
    case .fraction, .probability: return "ratio"
    case .positive, .nonNegative, .offOrWithin: return "value"
    }
  }

  static func trim(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var t = text
    while t.hasSuffix("0") { t.removeLast() }
    if t.hasSuffix(".") { t.removeLast() }
    return t
  }
}
