import DesignSpace
import NDPModel
import Routing
import Simulation

/// `ndpscope eval ... --report FILE`: one design point, every policy: the results table, where
/// the time went, and each policy's schedule of one decode step.
public enum EvalReport {
  public static func render(
    evaluation: Evaluation, workload: PreparedWorkload, templates: ReportTemplates, layer: Int? = nil,
    catalog: PresetCatalog = .shipped
  ) throws(ReportError) -> String {
    let point = evaluation.point
    let design =
      "\(point.model.name) on \(point.hardware.gpu.name) + \(point.hardware.ndpUnits) x \(point.hardware.ndp.name)"
    let subtitle =
      "batch \(point.workload.batchSize), \(point.workload.promptTokens) in, \(point.workload.outputTokens) out, link \(point.hardware.link.name), host \(point.hardware.host.name); speedups over \(evaluation.baseline.rawValue)"
    let page = try templates.page(title: "ndpscope eval: " + design, subtitle: subtitle)
    results(page, evaluation)
    let feasible = evaluation.results.filter(\.feasible)
    if !feasible.isEmpty {
      let section = Sections.section(page, id: "breakdown", title: "Where the time went")
      let bars = Sections.breakdownBars(
        title: "Latency breakdown by policy",
        bars: feasible.map { ($0.policy.rawValue, $0.breakdown.parts.map { $0.seconds * 1e3 }) })
      Sections.figure(section, caption: "End-to-end latency of each policy by part.", wide: true) {
        bars.draw(in: $0)
      }
      timelines(page, feasible, point: point, workload: workload, layer: layer, design: design)
    }
    provenance(page, point, catalog: catalog)
    return page.document.serialized()
  }

  /// Each feasible policy's expert phase of MoE `layer` (default the middle one) in the first
  /// decode step.
  static func timelines(
    _ page: ReportTemplates.Page, _ feasible: [PolicyResult], point: DesignPoint, workload: PreparedWorkload,
    layer: Int?, design: String
  ) {
    let moeLayer = layer ?? point.model.moeLayers / 2
    let step = point.workload.decodeSteps > 0 ? 1 : 0
    let entries = feasible.compactMap { result -> TimelineSection.Entry? in
      guard
        let schedule = try? Evaluator.schedule(
          point: point, workload: workload, policy: result.policy, step: step, layer: moeLayer)
      else { return nil }
      return TimelineSection.Entry(schedule: schedule, design: design)
    }
    let timeline = Sections.section(page, id: "timeline", title: "Schedules of one decode step")
    Sections.note(
      timeline,
      "The expert phase of MoE layer \(moeLayer) in the first decode step. Each chart has its own time scale (its axis says the phase's length); empty NDP lanes are idle units."
    )
    TimelineSection.draw(entries, in: timeline)
  }

  /// The point's presets, with the values the command line or a calibration replaced.
  static func provenance(_ page: ReportTemplates.Page, _ point: DesignPoint, catalog: PresetCatalog) {
    ProvenanceSection.add(
      to: page,
      presets: Dictionary(uniqueKeysWithValues: PresetKind.allCases.map { ($0, [point.presetName($0)]) }),
      overrides: { _, _, key in
        guard let source = point.sources[key], source.provenance == .user || source.provenance == .calibrated,
          let value = try? ParameterRegistry.parameter(named: key).value(in: point)
        else { return nil }
        let unit = (try? ParameterRegistry.parameter(named: key).unit) ?? ""
        return ProvenanceSection.Override(
          value: Parameter.format(value) + (unit.isEmpty ? "" : " " + unit),
          source: source.provenance.rawValue,
          citation: source.citation)
      }, catalog: catalog)
  }

  static func results(_ page: ReportTemplates.Page, _ evaluation: Evaluation) {
    let section = Sections.section(page, id: "results", title: "Results")
    // The accuracy-risk figures beside the speed: a column of zeros is dropped with the others.
    let metrics = [
      "ttft_ms", "tpot_ms", "e2e_ms", "tokens_per_s", "energy_mj_per_token", "link_util", "speedup",
      "substituted_score_mass", "reduced_precision_score_mass",
    ]
    var table = SortableTable(
      columns: [SortableTable.Column("policy", numeric: false, nowrap: true)]
        + metrics.map { .init(NumberFormat.heading($0), numeric: true, help: NumberFormat.title($0)) }
        + [.init("feasible", numeric: false)],
      rows: evaluation.results.map { result in
        let values = result.metricValues
        let keys = PolicyResult.metricKeys
        let cells = metrics.map { metric -> SortableTable.Cell in
          guard result.feasible, let index = keys.firstIndex(of: metric) else { return .init("") }
          return .metric(metric, values[index])
        }
        return [.init(result.policy.rawValue)] + cells + [
          .init(result.feasible ? "yes" : result.infeasibleReason ?? "no")
        ]
      })
    table.dropConstantColumns = true
    table.draw(in: section)
  }
}
