import Simulation

/// Where the model's laws (`PolicyName.obeys`, checked by `ModelLawTests` on random points) make
/// a metric monotone in a parameter, so that a search may bisect: more memory, link or unit-link
/// bandwidth is never slower. For the link only end-to-end time and time to first token (and so tokens_per_s).
public enum MonotoneLaws {
  static let times: Set<String> = ["ttft_ms", "tpot_ms", "e2e_ms"]
  static let rates: Set<String> = ["tokens_per_s", "decode_tokens_per_s"]
  static let linkMetrics: Set<String> = ["ttft_ms", "e2e_ms", "tokens_per_s"]

  /// Whether `metric` is monotone in `key` for `policy` by the laws.
  public static func holds(metric: String, key: String, policy: PolicyName) -> Bool {
    guard times.contains(metric) || rates.contains(metric) else { return false }
    switch key {
    case "ndp.bw_gb_per_s": return policy.obeys(.ndp)
    case "ndp.unit_link_gb_per_s": return policy.obeys(.unitLink)
    case "host.bw_gb_per_s": return policy.obeys(.host)
    case "gpu.mem_bw_gb_per_s": return policy.obeys(.gpu)
    case "link.bw_gb_per_s": return linkMetrics.contains(metric) && policy.obeys(.link)
    default: return false
    }
  }
}
