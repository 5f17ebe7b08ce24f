import Routing
import Testing

@testable import Simulation

/// The link as a timeline: urgent transfers queue behind each other; background transfers use
/// only idle time and step aside; cancelled ones stop moving; bytes follow time.
@Suite struct LinkLaneTests {
  // 1 byte per nanosecond, no latency unless given.
  func lane(latency: Double = 0) -> LinkLane {
    LinkLane(secondsPerByte: 1e-9, latencySeconds: latency, tracksBacklog: true)
  }
  func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-15 + 1e-12 * abs(b) }

  /// Tickets of `count` background transfers of 1 us each, all queued at 0.
  func queue(_ count: Int, on link: inout LinkLane) throws -> [Int] {
    var tickets: [Int] = []
    for _ in 0..<count {
      let ticket = link.enqueue(bytes: 1000, at: 0)
      tickets.append(try #require(ticket))
    }
    return tickets
  }

  @Test func urgentTransfersWaitForEachOtherAndPayLatencyEach() {
    var link = lane(latency: 1e-6)
    let first = link.send(bytes: 1000, at: 0)
    // Requested at 0.5 us while the first runs until 2 us (1 us latency + 1 us of bytes).
    let second = link.send(bytes: 2000, count: 2, at: 0.5e-6)
    #expect(first == 0 && close(second, 2e-6))
    // Two transfers: 2 x 1 us latency + 2 us of bytes.
    #expect(close(link.freeSeconds, 6e-6))
    #expect(close(link.usage.busySeconds, 6e-6) && link.usage.bytes == 3000 && link.usage.transfers == 3)
  }

  @Test func backgroundTransfersUseOnlyIdleTimeAndStepAside() throws {
    var link = lane()
    let ticketTicket = link.enqueue(bytes: 1000, at: 0)
    let ticket = try #require(ticketTicket)
    // An urgent transfer at 0.2 us preempts it for 0.5 us; it resumes and ends at 1.5 us.
    let start = link.send(bytes: 500, at: 0.2e-6)
    let early = link.isComplete(ticket, by: 1.49e-6)
    let done = link.isComplete(ticket, by: 1.501e-6)
    #expect(close(start, 0.2e-6) && !early && done)
    #expect(close(link.usage.busySeconds, 1.5e-6) && close(link.usage.bytes, 1500))
    #expect(close(link.usage.backgroundBytes, 1000))
  }

  @Test func backgroundTransfersMoveOldestFirstAndNotBeforeTheyAreQueued() throws {
    var link = lane()
    let firstTicket = link.enqueue(bytes: 1000, at: 1e-6)
    let first = try #require(firstTicket)
    let secondTicket = link.enqueue(bytes: 1000, at: 1e-6)
    let second = try #require(secondTicket)
    let states = [
      link.isComplete(first, by: 1.9e-6), link.isComplete(first, by: 2.001e-6),
      link.isComplete(second, by: 2.9e-6), link.isComplete(second, by: 3.001e-6),
    ]
    #expect(states == [false, true, false, true])
  }

  /// A transfer cancelled at 0.4 us keeps the 0.4 us it moved before then, although nothing asked
  /// the lane about the time in between.
  @Test func aCancelledTransferStopsMovingAndCountsOnlyWhatMoved() throws {
    var link = lane()
    let ticketTicket = link.enqueue(bytes: 1000, at: 0)
    let ticket = try #require(ticketTicket)
    link.cancel(ticket, at: 0.4e-6)
    let completed = link.isComplete(ticket, by: 10e-6)
    #expect(!completed)
    #expect(close(link.usage.bytes, 400) && close(link.usage.busySeconds, 0.4e-6))
    // Bytes follow time: 0.4 of the transfer moved, so 0.4 of a transfer's latency counts.
    #expect(close(link.usage.transfers, 0.4))
  }

  @Test func nothingToSendTakesNoTime() {
    var link = lane(latency: 1e-6)
    let ticket = link.enqueue(bytes: 0, at: 0)
    #expect(ticket == nil)
    link.send(bytes: 0, at: 0)
    #expect(link.usage.busySeconds == 0 && link.freeSeconds == 0)
  }

  /// Hundreds of transfers under way at once (more than the lane first keeps room for), every
  /// third cancelled: each of the others completes 1 us after the one before it, and a ticket
  /// keeps its answer long after the lane has moved past it.
  @Test func manyTransfersAtOnceKeepTheirOrderAndTheirAnswers() throws {
    var link = lane()
    let tickets = try queue(300, on: &link)
    for (i, ticket) in tickets.enumerated() where i % 3 == 2 { link.cancel(ticket, at: 0) }
    // 200 transfers of 1 us each: the 150th kept one completes at 150 us.
    let kept = tickets.indices.filter { $0 % 3 != 2 }
    let byThen = link.isComplete(tickets[kept[149]], by: 150e-6)
    let next = link.isComplete(tickets[kept[150]], by: 150e-6)
    #expect(byThen && !next)
    #expect(close(link.usage.bytes, 150_000))
    let answers = tickets.map { link.isComplete($0, by: 1) }
    #expect(answers == tickets.indices.map { $0 % 3 != 2 })
    link.cancel(tickets[0], at: 2)
    let stillComplete = link.isComplete(tickets[0], by: 2)
    #expect(stillComplete, "cancelling a finished transfer changes nothing")
    #expect(close(link.usage.bytes, 200_000) && close(link.pendingSeconds, 0))
  }

  /// Equal transfers queued together (a predictor's wrong guesses for one phase) are one
  /// background transfer: each pays its latency, and a part moved counts as that part of each.
  @Test func aBundleOfTransfersPaysEachLatencyAndCountsInProportion() throws {
    var link = lane(latency: 1e-6)
    let ticketTicket = link.enqueue(bytes: 2000, count: 2, at: 0)
    let ticket = try #require(ticketTicket)
    // 2 x 1 us latency + 2 us of bytes = 4 us; a quarter of it moves by 1 us.
    link.advance(to: 1e-6)
    #expect(close(link.usage.transfers, 0.5) && close(link.usage.bytes, 500))
    #expect(close(link.pendingSeconds, 3e-6))
    let early = link.isComplete(ticket, by: 3.99e-6)
    let done = link.isComplete(ticket, by: 4.001e-6)
    #expect(!early && done)
    #expect(close(link.usage.transfers, 2) && close(link.usage.bytes, 2000) && close(link.pendingSeconds, 0))
  }

  /// A run of cancelled transfers longer than a word of the lane's cancelled bits, between live
  /// ones: the next live one moves right after the one before it, and the backlog leaves out the
  /// cancelled ones.
  @Test func longRunsOfCancelledTransfersAreSkippedWhole() throws {
    var link = lane()
    let tickets = try queue(200, on: &link)
    for ticket in tickets[1..<150] { link.cancel(ticket, at: 0) }
    link.cancel(tickets[7], at: 0)
    #expect(close(link.backlogSeconds(at: 0), 51e-6), "51 live transfers of 1 us")
    let states = [
      link.isComplete(tickets[0], by: 1.001e-6), link.isComplete(tickets[150], by: 1.999e-6),
      link.isComplete(tickets[150], by: 2.001e-6), link.isComplete(tickets[199], by: 51.001e-6),
      link.isComplete(tickets[100], by: 60e-6),
    ]
    #expect(states == [true, false, true, true, false])
    #expect(close(link.usage.bytes, 51_000) && close(link.pendingSeconds, 0))
  }

  /// A background transfer cut into pieces by urgent ones counts its bytes and its one transfer
  /// exactly once it has finished (not a sum of shares, one per piece), and in proportion to
  /// the time it moved while it is still moving.
  @Test func aTransferCutIntoPiecesCountsExactlyOnceFinished() throws {
    var link = LinkLane(secondsPerByte: 1.0 / 3e9, latencySeconds: 0.1e-6)
    let ticketTicket = link.enqueue(bytes: 7000, at: 0)
    let ticket = try #require(ticketTicket)
    // 0.1 us latency + 2.333 us of bytes, cut by a 0.133 us urgent transfer every 0.6 us.
    for i in 0..<4 { link.send(bytes: 100, at: Double(2 * i + 1) * 0.3e-6) }
    link.advance(to: 2.4e-6)
    let moving = link.usage
    let urgentSeconds = 4 * (0.1e-6 + 100 / 3e9)
    let movedShare = (moving.busySeconds - urgentSeconds) / (0.1e-6 + 7000 / 3e9)
    #expect(close(moving.busySeconds, 2.4e-6), "busy all the time so far")
    #expect(close(moving.bytes - 400, 7000 * movedShare) && close(moving.transfers - 4, movedShare))
    let done = link.isComplete(ticket, by: 10e-6)
    #expect(done)
    #expect(link.usage.bytes == 7400 && link.usage.transfers == 5 && link.usage.backgroundBytes == 7000)
  }

  /// Cancelling at the lane's cursor: nothing for no ticket (negative), a finished or an
  /// already cancelled one; a transfer under way stops and leaves the backlog once.
  @Test func cancellingAtTheCursorTouchesOnlyTransfersUnderWay() throws {
    var link = lane()
    let tickets = try queue(3, on: &link)
    link.advance(to: 1.5e-6)
    link.cancelAtCursor(-1)
    link.cancelAtCursor(tickets[0])
    let first = link.isComplete(tickets[0], by: 1.5e-6)
    #expect(first, "finished before the cancellation")
    link.cancelAtCursor(tickets[2])
    link.cancelAtCursor(tickets[2])
    #expect(close(link.pendingSeconds, 0.5e-6), "half of the second is left; the third is gone once")
    link.cancelAtCursor(tickets[1])
    #expect(close(link.pendingSeconds, 0) && close(link.usage.bytes, 1500))
    let second = link.isComplete(tickets[1], by: 10e-6)
    let third = link.isComplete(tickets[2], by: 10e-6)
    #expect(!second && !third)
    #expect(close(link.usage.bytes, 1500) && close(link.usage.transfers, 1.5))
  }

  /// `advanceInLine` moves exactly what `advance` moves, to the last bit, whatever the lane
  /// holds: two lanes take the same random script of urgent and background transfers,
  /// cancellations and times (some a sliver apart), one advanced each way.
  @Test func advancingInLineMovesExactlyWhatAnOfferMoves() throws {
    // Rounding leaves a sliver here: the link is free from `free`, and free + (end - free) < end.
    let (free, end) = (6.977303741012196e-07, 6.825903023294777e-06)
    #expect(free + (end - free) < end)
    // A second per byte: the urgent transfer of `free` bytes ends at `free` exactly.
    var offered = LinkLane(secondsPerByte: 1, latencySeconds: 0, tracksBacklog: true)
    var inLine = LinkLane(secondsPerByte: 1, latencySeconds: 0, tracksBacklog: true)
    _ = offered.enqueue(bytes: 1, at: 0)
    _ = inLine.enqueue(bytes: 1, at: 0)
    offered.send(bytes: free, at: 0)
    inLine.send(bytes: free, at: 0)
    offered.advance(to: end)
    inLine.advanceInLine(to: end)
    #expect(inLine.usage == offered.usage && inLine.pendingSeconds == offered.pendingSeconds)
    offered = lane(latency: 0.3e-6)
    inLine = lane(latency: 0.3e-6)
    try randomScript(&offered, &inLine)
  }

  func randomScript(_ offered: inout LinkLane, _ inLine: inout LinkLane) throws {
    var rng = SplitMix64(seed: 7)
    var seconds = 0.0
    var tickets: [Int] = []
    var fastOnes = 0
    for _ in 0..<20_000 {
      let gap = rng.nextUnit()
      seconds += gap < 0.1 ? 1e-22 : gap < 0.2 ? 0 : gap * 3e-6
      switch rng.next() % 4 {
      case 0:
        let bytes = 500 + Double(rng.next() % 4000)
        let ticket = offered.enqueue(bytes: bytes, at: seconds)
        #expect(inLine.enqueue(bytes: bytes, at: seconds) == ticket)
        if let ticket { tickets.append(ticket) }
      case 1:
        let bytes = Double(rng.next() % 3000)
        #expect(offered.send(bytes: bytes, at: seconds) == inLine.send(bytes: bytes, at: seconds))
      case 2 where !tickets.isEmpty:
        let ticket = tickets[Int(rng.next() % UInt64(tickets.count))]
        offered.cancel(ticket, at: seconds)
        inLine.advanceInLine(to: seconds)
        inLine.cancel(ticket, at: seconds)
      default:
        let before = inLine.usage.busySeconds
        offered.advance(to: seconds)
        inLine.advanceInLine(to: seconds)
        if inLine.usage.busySeconds != before { fastOnes += 1 }
      }
      #expect(inLine.usage == offered.usage && inLine.pendingSeconds == offered.pendingSeconds)
      #expect(inLine.finishedBefore == offered.finishedBefore)
    }
    #expect(fastOnes > 1000, "the script moves transfers in many advances")
  }
}
