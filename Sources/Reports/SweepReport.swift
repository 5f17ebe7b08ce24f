import DesignSpace
import Foundation
import NDPModel
import Routing
import Simulation

/// `ndpscope report DIR`: the HTML page of a sweep folder.
public enum SweepReport {
  /// Rows drawn in the breakdown chart and the table, at most.
  static let frontLimit = 40

  public static func render(
    directory: String, templates: ReportTemplates, layer: Int? = nil
  ) throws(ReportError) -> String {
    let data = try SweepData(directory: directory)
    let space = data.space
    let (document, main, contents, _) = try templates.page(
      title: "ndpscope sweep: \(space.name)", subtitle: space.description)
    let policies = space.policies
    func series(_ policy: PolicyName) -> Int { PolicyName.allCases.firstIndex(of: policy) ?? 0 }
    func label(_ metric: String) -> String { metricTitle(metric) }
    /// Numbers in tooltips to 4 significant digits (the table and CSVs keep full precision).
    func short(_ row: SweepRow, _ column: String) -> String {
      data.number(row, column).map { String(format: "%.4g", $0) } ?? data.text(row, column)
    }
    func tooltip(_ row: SweepRow) -> String {
      var parts = ["point \(row.point), \(row.policy.rawValue)"]
      for axis in space.axes { parts.append("\(axis.key) = \(data.text(row, axis.key))") }
      for objective in space.objectives {
        parts.append("\(objective.metric) = \(short(row, objective.metric))")
      }
      for metric in ["e2e_ms", "speedup"] where !space.objectives.contains(where: { $0.metric == metric }) {
        parts.append("\(metric) = \(short(row, metric))")
      }
      if row.policy.substitutes {
        for metric in ["substitution_rate", "substituted_score_mass"]
        where !space.objectives.contains(where: { $0.metric == metric }) {
          parts.append("\(metric) = \(short(row, metric))")
        }
      }
      return parts.joined(separator: "\n")
    }

    // Summary.
    let summary = Sections.section(main, contents: contents, id: "summary", title: "Summary")
    let facts = summary.element("table")
    func fact(_ key: String, _ value: String) {
      let row = facts.element("tr")
      row.element("th", attributes: [("class", "text")], text: key)
      row.element("td", attributes: [("class", "text")], text: value)
    }
    let fileName = URL(fileURLWithPath: data.spaceFile).lastPathComponent
    fact("space", space.name + (data.spaceFile.isEmpty ? "" : " (\(fileName))"))
    fact(
      "strategy",
      "\(space.strategy.rawValue), \(space.pointCount) points x \(policies.count) policies = \(data.rows) rows"
    )
    fact("axes", space.axes.map { "\($0.key) (\($0.values.count))" }.joined(separator: ", "))
    fact("rows feasible / meeting constraints", "\(data.feasibleRows) / \(data.eligibleRows)")
    fact(
      "constraints",
      space.constraints.isEmpty ? "none" : space.constraints.map(\.description).joined(separator: "; "))
    fact("objectives", space.objectives.map(\.description).joined(separator: ", "))
    fact("baseline", space.baseline.rawValue)
    fact("tool", "ndpscope \(NDPScopeVersion.current)")
    summary.element("h3", text: "Best point for each objective")
    SortableTable.draw(
      in: summary, headings: ["objective", "value", "point", "policy"] + space.axes.map(\.key),
      numeric: [false, true, true, false] + space.axes.map { _ in false },
      rows: space.objectives.enumerated().compactMap { index, objective in
        guard let row = data.bestPerObjective[index] else { return nil }
        return [
          objective.description, data.text(row, objective.metric), String(row.point), row.policy.rawValue,
        ]
          + space.axes.map { data.text(row, $0.key) }
      })

    // Pareto scatters.
    if !data.pairs.isEmpty && data.eligibleRows > 0 {
      let section = Sections.section(main, contents: contents, id: "pareto", title: "Pareto fronts")
      section.element(
        "p", attributes: [("class", "note")],
        text:
          "Each dot is a (point, policy) row that is feasible and meets the constraints (\(data.sample.count) of \(data.eligibleRows) drawn, plus every front point). The solid step line is the front of the two objectives over all policies but the oracle; the dashed line is the oracle's, the physical limit. Hover a dot for its inputs and outputs."
      )
      let charts = section.element("div", attributes: [("class", "charts")])
      for (index, (i, j)) in data.pairs.enumerated() {
        let x = space.objectives[i]
        let y = space.objectives[j]
        let frontRows = data.pairFronts[index].fronts[0].map(\.payload)
        let frontKeys = Set(frontRows.map { "\($0.point)/\($0.policy.rawValue)" })
        var drawn = data.sample.filter { !frontKeys.contains("\($0.point)/\($0.policy.rawValue)") }
        drawn += frontRows
        let points = drawn.compactMap { row -> ScatterPoint? in
          guard let a = data.number(row, x.metric), let b = data.number(row, y.metric) else { return nil }
          return ScatterPoint(
            x: a, y: b, series: series(row.policy), tooltip: tooltip(row),
            onFront: frontKeys.contains("\(row.point)/\(row.policy.rawValue)"))
        }
        let front = frontRows.compactMap { row in
          data.number(row, x.metric).flatMap { a in data.number(row, y.metric).map { (a, $0) } }
        }
        let oracle = data.oracleFronts[index].fronts[0].map(\.payload).compactMap { row in
          data.number(row, x.metric).flatMap { a in data.number(row, y.metric).map { (a, $0) } }
        }
        Sections.figure(charts, caption: "\(x.description) against \(y.description).") { node in
          ParetoScatter.draw(
            in: node, title: "\(label(x.metric)) vs \(label(y.metric))", xTitle: label(x.metric),
            yTitle: label(y.metric),
            points: points, front: front, oracleFront: oracle, xMaximize: x.maximize, yMaximize: y.maximize,
            seriesNames: PolicyName.allCases.map(\.rawValue))
        }
      }
    }

    // Speedup against NDP units.
    if space.axes.contains(where: { $0.key == "ndp.units" && $0.values.count > 1 })
      && !data.speedupByUnits.isEmpty
    {
      let section = Sections.section(
        main, contents: contents, id: "speedup", title: "Speedup against NDP unit count")
      Sections.figure(
        section,
        caption: "Best speedup over \(space.baseline.rawValue) at each unit count, over every other axis."
      ) { node in
        SeriesChart.draw(
          in: node, title: "Speedup over \(space.baseline.rawValue) vs NDP units",
          xTitle: "NDP units (count)",
          yTitle: "speedup over \(space.baseline.rawValue) (x)",
          series: policies.compactMap { policy in
            guard let values = data.speedupByUnits[policy] else { return nil }
            return (policy.rawValue, series(policy), values.map { ($0.key, $0.value) })
          })
      }
    }

    // Heatmap of the first two swept axes.
    let swept = data.sweptAxes
    if swept.count >= 2 && !data.heat.isEmpty {
      let section = Sections.section(main, contents: contents, id: "heatmap", title: "Speedup over two axes")
      let xs = swept[0].values.map(\.description)
      let ys = swept[1].values.map(\.description)
      Sections.figure(
        section,
        caption:
          "Best speedup over \(space.baseline.rawValue) (any policy) for each pair of \(swept[0].key) and \(swept[1].key)."
      ) { node in
        Heatmap.draw(
          in: node, title: "Best speedup over \(swept[0].key) and \(swept[1].key)",
          xTitle: axisTitle(swept[0].key),
          yTitle: axisTitle(swept[1].key), xLabels: xs, yLabels: ys,
          values: ys.map { y in xs.map { x in data.heat[x + "\u{1}" + y] } }, valueTitle: "speedup (x)")
      }
    }

    // Latency against the substitution rate, when the substitution band is swept.
    if space.axes.contains(where: { $0.key == "policy.alpha" && $0.values.count > 1 }) {
      let substituting = policies.filter(\.substitutes)
      let rows = data.sample.filter { $0.policy.substitutes }
      if !substituting.isEmpty && !rows.isEmpty {
        let section = Sections.section(
          main, contents: contents, id: "substitution", title: "Latency against substitution")
        Sections.figure(
          section,
          caption:
            "Each dot a row of a substituting policy: time per output token against the share of activated expert slots substituted (the accuracy risk)."
        ) { node in
          ParetoScatter.draw(
            in: node, title: "Time per output token vs substitution rate",
            xTitle: "substitution rate (share of slots)",
            yTitle: metricTitle("tpot_ms"),
            points: rows.compactMap { row in
              guard let x = data.number(row, "substitution_rate"), let y = data.number(row, "tpot_ms") else {
                return nil
              }
              return ScatterPoint(
                x: x, y: y, series: series(row.policy), tooltip: tooltip(row), onFront: false)
            }, front: [], oracleFront: [], xMaximize: false, yMaximize: false,
            seriesNames: PolicyName.allCases.map(\.rawValue))
        }
      }
    }

    let front = Array(data.front.prefix(frontLimit))
    if !front.isEmpty {
      // Breakdown bars.
      let section = Sections.section(
        main, contents: contents, id: "breakdown", title: "Latency breakdown of the Pareto points")
      Sections.figure(
        section,
        caption: "End-to-end latency by part for the first \(front.count) points of the overall front."
      ) { node in
        StackedBars.draw(
          in: node, title: "Latency breakdown of Pareto points", yTitle: "end-to-end latency (ms)",
          parts: Sections.breakdownParts,
          bars: front.map { row in
            (
              "p\(row.point) \(row.policy.rawValue)",
              Sections.breakdownParts.map { data.number(row, "breakdown_\($0)_ms") ?? 0 }
            )
          })
      }
    }

    // Timelines of the best point of each policy.
    let best = policies.compactMap { data.bestPerPolicy[$0] }
    if !best.isEmpty {
      let expansion = SpaceExpansion(space: space)
      var schedules: [LayerSchedule] = []
      var chosenLayer = 0
      for row in best {
        guard let point = try? expansion.point(row.point) else { continue }
        let moeLayer = layer ?? point.model.moeLayers / 2
        chosenLayer = moeLayer
        let workload = PreparedWorkload(generatingFor: point)
        let step = point.workload.decodeSteps > 0 ? 1 : 0
        if let schedule = try? Evaluator.schedule(
          point: point, workload: workload, policy: row.policy, step: step, layer: moeLayer)
        {
          schedules.append(schedule)
        }
      }
      if !schedules.isEmpty {
        let section = Sections.section(
          main, contents: contents, id: "timeline", title: "Schedules of one decode step")
        section.element(
          "p", attributes: [("class", "note")],
          text:
            "The expert phase of MoE layer \(chosenLayer) in the first decode step, for the best point of each policy by \(space.objectives[0].description). Empty NDP lanes are idle units; all charts share one time axis."
        )
        Sections.timelines(section, schedules: schedules, caption: "link, GPU and NDP units")
      }
    }

    if !front.isEmpty {
      let section = Sections.section(main, contents: contents, id: "table", title: "Pareto points")
      section.element("p", attributes: [("class", "note")], text: "Click a column heading to sort.")
      let metrics = space.objectives.map(\.metric).filter { !space.axes.map(\.key).contains($0) }
      var extra = ["e2e_ms", "speedup", "cost_usd"].filter { !metrics.contains($0) }
      if policies.contains(where: \.substitutes) {
        extra += ["cache_hit_rate", "substitution_rate", "substituted_score_mass"].filter {
          !metrics.contains($0)
        }
      }
      SortableTable.draw(
        in: section, headings: ["point", "policy"] + space.axes.map(\.key) + metrics + extra,
        numeric: [true, false]
          + space.axes.map { $0.values.allSatisfy { if case .number = $0 { true } else { false } } }
          + metrics.map { _ in true } + extra.map { _ in true },
        rows: data.front.map { row in
          [String(row.point), row.policy.rawValue] + space.axes.map { data.text(row, $0.key) }
            + (metrics + extra).map { data.text(row, $0) }
        })
    }
    let provenance = Sections.section(
      main, contents: contents, id: "provenance", title: "Where the preset values come from")
    provenance.element(
      "p", attributes: [("class", "note")],
      text:
        "Every preset value the sweep used, with its source: spec (datasheet or config.json), paper, or assumed (our choice, with the reasoning)."
    )
    Sections.provenance(provenance, presets: data.presetsUsed)
    return document.serialized()
  }

  /// Axis titles with units.
  static func metricTitle(_ metric: String) -> String {
    switch metric {
    case "ttft_ms": return "time to first token (ms)"
    case "tpot_ms": return "time per output token (ms)"
    case "e2e_ms": return "end-to-end latency (ms)"
    case "tokens_per_s": return "throughput (tokens/s)"
    case "energy_mj_per_token": return "energy per token (mJ)"
    case "gpu_expert_util": return "GPU expert utilisation (share)"
    case "ndp_imbalance": return "NDP imbalance (max/mean)"
    case "prefetch_hit_rate": return "prefetch hit rate (share)"
    case "link_bytes_per_token": return "link traffic per token (bytes)"
    case "speedup": return "speedup (x)"
    case "cache_hit_rate": return "cache hit rate (share)"
    case "substitution_rate": return "substitution rate (share of slots)"
    case "substituted_score_mass": return "substituted score mass (share)"
    case "cost_usd": return "cost (USD)"
    default: return axisTitle(metric)
    }
  }

  static func axisTitle(_ key: String) -> String {
    guard let parameter = try? ParameterRegistry.parameter(named: key) else { return key }
    if !parameter.unit.isEmpty { return "\(key) (\(parameter.unit))" }
    switch parameter.domain {
    case .integer: return "\(key) (count)"
    case .fraction, .probability: return "\(key) (ratio)"
    case .positive, .nonNegative: return "\(key) (value)"
    }
  }
}

/// `ndpscope eval ... --report FILE`: the breakdown bars of each policy and their schedules.
public enum EvalReport {
  public static func render(
    evaluation: Evaluation, workload: PreparedWorkload, templates: ReportTemplates, layer: Int? = nil
  ) throws(ReportError) -> String {
    let point = evaluation.point
    let title =
      "ndpscope eval: \(point.model.name) on \(point.hardware.gpu.name) + \(point.hardware.ndpUnits) x \(point.hardware.ndp.name)"
    let subtitle =
      "batch \(point.workload.batchSize), \(point.workload.promptTokens) in, \(point.workload.outputTokens) out, link \(point.hardware.link.name); speedups over \(evaluation.baseline.rawValue)"
    let (document, main, contents, _) = try templates.page(title: title, subtitle: subtitle)
    let feasible = evaluation.results.filter(\.feasible)

    let summary = Sections.section(main, contents: contents, id: "results", title: "Results")
    SortableTable.draw(
      in: summary,
      headings: ["policy", "ttft ms", "tpot ms", "e2e ms", "tokens/s", "mJ/token", "speedup", "feasible"],
      numeric: [false, true, true, true, true, true, true, false],
      rows: evaluation.results.map { r in
        guard r.feasible else {
          return [r.policy.rawValue, "", "", "", "", "", "", r.infeasibleReason ?? "no"]
        }
        return [
          r.policy.rawValue, ChartAxis.label(r.ttftSeconds * 1e3), ChartAxis.label(r.tpotSeconds * 1e3),
          ChartAxis.label(r.e2eSeconds * 1e3), ChartAxis.label(r.tokensPerSecond),
          ChartAxis.label(r.energyJoulesPerToken * 1e3), r.speedup.map(ChartAxis.label) ?? "", "yes",
        ]
      })
    if !feasible.isEmpty {
      let section = Sections.section(main, contents: contents, id: "breakdown", title: "Where the time went")
      Sections.figure(section, caption: "End-to-end latency of each policy by part.") { node in
        StackedBars.draw(
          in: node, title: "Latency breakdown by policy", yTitle: "end-to-end latency (ms)",
          parts: Sections.breakdownParts,
          bars: feasible.map { r in (r.policy.rawValue, r.breakdown.parts.map { $0.seconds * 1e3 }) })
      }
      let moeLayer = layer ?? point.model.moeLayers / 2
      let step = point.workload.decodeSteps > 0 ? 1 : 0
      let schedules = feasible.compactMap { r in
        try? Evaluator.schedule(
          point: point, workload: workload, policy: r.policy, step: step, layer: moeLayer)
      }.compactMap { $0 }
      let timeline = Sections.section(
        main, contents: contents, id: "timeline", title: "Schedules of one decode step")
      timeline.element(
        "p", attributes: [("class", "note")],
        text:
          "The expert phase of MoE layer \(moeLayer) in the first decode step; all charts share one time axis."
      )
      Sections.timelines(timeline, schedules: schedules, caption: "link, GPU and NDP units")
    }
    let provenance = Sections.section(
      main, contents: contents, id: "provenance", title: "Where the preset values come from")
    Sections.provenance(
      provenance,
      presets: [
        .model: [point.model.name], .gpu: [point.hardware.gpu.name], .ndp: [point.hardware.ndp.name],
        .link: [point.hardware.link.name], .host: [point.hardware.host.name],
      ])
    let overrides = point.sources.filter { $0.value.provenance == .user }.keys.sorted()
    if !overrides.isEmpty {
      provenance.element(
        "p", attributes: [("class", "note")],
        text: "Set on the command line: " + overrides.joined(separator: ", "))
    }
    return document.serialized()
  }
}
