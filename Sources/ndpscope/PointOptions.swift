import ArgumentParser
import NDPModel
import NDPScopeKit

/// Options that describe one design point; shared by eval, trace generate and bench.
struct PointOptions: ParsableArguments {
  @Option(help: "Model preset (see `ndpscope presets --kind model`).")
  var model = "qwen3-30b-a3b"
  @Option(help: "GPU preset.")
  var gpu = "rtx5080"
  @Option(help: "NDP unit preset.")
  var ndp = "ndp-dimm"
  @Option(help: "GPU-NDP link preset.")
  var link = "pcie5-x16"
  @Option(help: "Host memory preset (for offloading).")
  var host = "ddr5-host"
  @Option(name: .customLong("ndp-units"), help: "Number of NDP units.")
  var ndpUnits: Int = 4
  @Option(help: "Concurrent requests.")
  var batch: Int = 1
  @Option(help: "Prompt tokens per request.")
  var prompt: Int = 512
  @Option(help: "Output tokens per request (the prefill yields the first).")
  var output: Int = 512
  @Option(help: "Routing seed.")
  var seed: Int = 1
  @Option(name: .customLong("expert-ffn"), help: "Override the routed experts' intermediate size.")
  var expertFFN: Int?
  @Option(
    name: .customLong("tp-degree"),
    help: "NDP units per tensor-parallel group (must divide --ndp-units; default all units).")
  var tpDegree: Int?
  @Option(
    name: .customLong("gpu-expert-budget-gb"),
    help: "GPU memory for cached/pinned/prefetched experts, GB (default: all free memory).")
  var gpuExpertBudgetGB: Double?
  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Override any parameter, e.g. --set ndp.bw_gb_per_s=200 (repeatable).",
      discussion: "`ndpscope parameters` lists every key with its unit.", valueName: "key=value"))
  var assignments: [String] = []
  @Option(
    help: ArgumentHelp(
      "Apply a calibration file (written by `ndpscope calibrate`) on top of the presets.",
      valueName: "file"))
  var calibration: String?
  @Option(
    help: ArgumentHelp(
      "A presets file (YAML) adding your own GPUs, NDP units, links, hosts and models (see spaces/README.md).",
      valueName: "file"))
  var presets: String?

  var request: PointRequest {
    var request = PointRequest()
    request.presets = PresetSelection(model: model, gpu: gpu, ndp: ndp, link: link, host: host)
    request.values = [
      ("ndp.units", Double(ndpUnits)), ("workload.batch", Double(batch)),
      ("workload.prompt", Double(prompt)), ("workload.output", Double(output)),
      ("workload.seed", Double(seed)),
    ]
    if let expertFFN { request.values.append(("model.expert_ffn", Double(expertFFN))) }
    if let tpDegree { request.values.append(("policy.tp_degree", Double(tpDegree))) }
    if let gpuExpertBudgetGB {
      request.values.append(("policy.gpu_expert_budget_gb", gpuExpertBudgetGB))
    }
    request.assignments = assignments
    request.calibrationPath = calibration
    request.presetsPath = presets
    return request
  }
}
