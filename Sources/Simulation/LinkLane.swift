import Basics

/// One direction of the GPU-NDP (or GPU-host) link as a timeline: nothing overlaps on it.
///
/// Two kinds of transfer share it:
/// - urgent transfers, which the current expert phase waits for (activations out, weights fetched
///   for compute, partial sums back): first come, first served, each waiting for the previous;
/// - background transfers (prefetches, cache fills), which move in the link's idle time, oldest
///   first, and step aside for urgent ones (DMA in chunks, so preemption costs nothing). A phase
///   counts only on background data that has arrived when it starts.
///
/// A background transfer whose data is no longer wanted can be cancelled at a given time; what has
/// not moved by then never moves. A transfer of `bytes` occupies the lane for latency + bytes /
/// bandwidth. Operations must come in non-decreasing time order, which the step loop guarantees.
///
/// A lane is one run's and is never copied (`~Copyable`): its background transfers live in raw
/// storage it alone writes, without copy-on-write checks (the predictors queue and cancel over a
/// hundred thousand per run, most cancelled before they move). Only the unfinished ones are kept,
/// in a ring; whether a ticket was cancelled is one bit, the only thing a cancellation writes.
public struct LinkLane: ~Copyable {
  public let secondsPerByte: Double
  public let latencySeconds: Double
  /// When the last urgent transfer ends.
  public private(set) var freeSeconds = 0.0
  /// What moved, except the part of a background transfer still moving (`usage` adds it).
  private var settled = LaneUsage()

  /// A background transfer not yet finished (moving, waiting or cancelled): `count` transfers of
  /// `bytes` in all, sent one after another and cancelled together.
  struct Pending {
    var readySeconds: Double
    var remainingSeconds: Double
    let bytes: Double
    let count: Double

    static let unused = Pending(readySeconds: 0, remainingSeconds: 0, bytes: 0, count: 0)
  }

  /// Tickets `head ..< queued` are unfinished, ticket t at `pending[t & mask]` (a ring of
  /// `ring.count`, a power of 2); every ticket before `head` has finished: completed or cancelled.
  private var ring = RawStorage(repeating: Pending.unused, count: 64)
  private var pending: UnsafeMutablePointer<Pending>
  private var mask = 63
  private var queued = 0
  private var head = 0
  /// One bit per ticket: cancelled (`cancelledBits` points into it; it holds `64 * words`).
  private var cancelled = RawStorage<UInt64>(repeating: 0, count: 1)
  private var cancelledBits: UnsafeMutablePointer<UInt64>
  /// Idle time before this has been offered to background transfers.
  private var idleCursor = 0.0
  /// When a timeline is being drawn: the spans background transfers moved in (absolute times).
  public private(set) var backgroundSpans: [ClosedRange<Double>]?
  /// Whether `pendingSeconds` is kept (only a policy that asks for the backlog pays for it: a
  /// cancellation must then read what had not moved).
  public let tracksBacklog: Bool
  /// Background transfer time queued and not yet moved (cancelled ones excluded), when
  /// `tracksBacklog`.
  public private(set) var pendingSeconds = 0.0

  public init(secondsPerByte: Double, latencySeconds: Double, tracksBacklog: Bool = false) {
    self.secondsPerByte = secondsPerByte
    self.latencySeconds = latencySeconds
    self.tracksBacklog = tracksBacklog
    pending = ring.pointer
    cancelledBits = cancelled.pointer
  }

  /// Time on the lane of one transfer of `bytes`.
  @inline(__always) public func transferSeconds(bytes: Double) -> Double {
    bytes <= 0 ? 0 : busySeconds(bytes: bytes, count: 1)
  }

  /// An urgent transfer of `bytes` in `count` transfers, requested at `seconds`; returns its start.
  @discardableResult @inline(__always)
  public mutating func send(bytes: Double, count: Int = 1, at seconds: Double) -> Double {
    guard bytes > 0, count > 0 else { return max(seconds, freeSeconds) }
    // Tested here first, not only in `advance`: most urgent transfers find nothing queued, and
    // skipping the cursor's update then is measurably faster (tp-lb-pf 1.76 against 1.83 ms).
    if head < queued { advance(to: seconds) }
    let start = max(seconds, freeSeconds)
    let busy = busySeconds(bytes: bytes, count: Double(count))
    freeSeconds = start + busy
    settled.record(seconds: busy, bytes: bytes, transfers: Double(count), background: false)
    return start
  }

  /// What moved over the lane so far: busy time, bytes and transfers, a background transfer's in
  /// proportion to the time it moved.
  public var usage: LaneUsage {
    var usage = settled
    if head < queued, !isCancelled(head) {
      let item = pending[head & mask]
      usage.recordBackground(item, share: movedShare(of: item))
    }
    return usage
  }

  /// Time on the lane of `count` transfers of `bytes` in all (some bytes: the callers check).
  @inline(__always) private func busySeconds(bytes: Double, count: Double) -> Double {
    count * latencySeconds + bytes * secondsPerByte
  }

  /// Queues a background transfer of `bytes` in `count` transfers that may start at `seconds`
  /// (equal transfers queued together and cancelled together); returns its ticket, or nil when
  /// there is nothing to send.
  @inline(__always)
  public mutating func enqueue(bytes: Double, count: Int = 1, at seconds: Double) -> Int? {
    guard bytes > 0, count > 0 else { return nil }
    if queued &- head > mask { growRing() }
    if queued &>> 6 == cancelled.count {
      cancelled = cancelled.resized(to: 2 * cancelled.count, filling: 0)
      cancelledBits = cancelled.pointer
    }
    let count = Double(count)
    let total = busySeconds(bytes: bytes, count: count)
    pending[queued & mask] = Pending(
      readySeconds: seconds, remainingSeconds: total, bytes: bytes, count: count)
    queued &+= 1
    if tracksBacklog { pendingSeconds += total }
    return queued &- 1
  }

  @inline(__always) private func isCancelled(_ ticket: Int) -> Bool {
    cancelledBits[ticket &>> 6] & (1 &<< UInt64(ticket & 63)) != 0
  }

  /// The first ticket from `ticket` on not cancelled, else `queued`: 64 tickets per step (most
  /// background transfers of the predictors are cancelled before they move).
  @inline(__always) private func firstLive(from ticket: Int) -> Int {
    guard ticket < queued else { return queued }
    var word = ticket &>> 6
    // The live tickets of the word, those before `ticket` cleared.
    let offset = UInt64(ticket & 63)
    var live = (~cancelledBits[word] &>> offset) &<< offset
    while live == 0 {
      word &+= 1
      guard word &<< 6 < queued else { return queued }
      live = ~cancelledBits[word]
    }
    return min(word &<< 6 &+ live.trailingZeroBitCount, queued)
  }

  /// Twice the room for unfinished transfers, each at its ticket's place in the larger ring.
  private mutating func growRing() {
    let larger = RawStorage(repeating: Pending.unused, count: 2 * ring.count)
    let largerMask = larger.count - 1
    for ticket in head..<queued { larger.pointer[ticket & largerMask] = pending[ticket & mask] }
    (ring, pending, mask) = (larger, larger.pointer, largerMask)
  }

  /// Drops what has not moved of background transfer `ticket` by `seconds` (the idle time before
  /// then is offered first, so the transfer keeps what it moved until it was cancelled); it will
  /// never complete.
  public mutating func cancel(_ ticket: Int, at seconds: Double) {
    precondition(ticket >= 0 && ticket < queued, "no background transfer \(ticket)")
    assert(seconds >= idleCursor, "a cancellation in the lane's past")
    advance(to: seconds)
    cancelAtCursor(ticket)
  }

  /// Cancels background transfer `ticket` at the time the lane was last advanced to (`advance`),
  /// as `cancel(_:at:)` does; nothing if `ticket` is negative (no transfer) or finished.
  /// Branch-free when the lane keeps no backlog and `ticket` is not the oldest unfinished one:
  /// whether a predictor's copy is still under way is data-dependent and mispredicts as a branch.
  @inline(__always)
  public mutating func cancelAtCursor(_ ticket: Int) {
    assert(ticket < queued, "no background transfer \(ticket)")
    // Only the oldest unfinished transfer can have moved part of its bytes; the others leave
    // nothing to count unless the backlog is kept.
    if ticket == head || tracksBacklog {
      guard ticket >= head, settleCancellation(of: ticket) else { return }
    }
    let live = ticket >= head
    let word = live ? ticket &>> 6 : 0
    cancelledBits[word] |= UInt64(unsafeBitCast(live, to: UInt8.self)) &<< UInt64(ticket & 63)
  }

  /// Counts what unfinished transfer `ticket`, about to be cancelled, leaves: the bytes of the
  /// part that moved, and the backlog it no longer adds. False if it was cancelled already. Out
  /// of line: most cancellations need none of it, and `cancel` stays small enough to inline.
  @inline(never)
  private mutating func settleCancellation(of ticket: Int) -> Bool {
    guard !isCancelled(ticket) else { return false }
    let item = pending[ticket & mask]
    if tracksBacklog { pendingSeconds -= item.remainingSeconds }
    if ticket == head {
      let share = movedShare(of: item)
      settled.recordBackground(item, share: share)
    }
    return true
  }

  /// Tickets below this have finished: completed or cancelled.
  public var finishedBefore: Int { head }

  /// The tickets finished by the time the lane was last advanced to (`finishedBefore`), as the
  /// test a policy runs on each ticket it keeps.
  public var finished: FinishedTickets { FinishedTickets(before: UInt(head)) }

  /// The link's committed work after `seconds`: urgent transfers still running and background
  /// transfers not yet moved. Only for a lane that `tracksBacklog`.
  public mutating func backlogSeconds(at seconds: Double) -> Double {
    precondition(tracksBacklog, "the backlog of a lane that does not track it")
    advance(to: seconds)
    return max(0, freeSeconds - seconds) + pendingSeconds
  }

  /// Whether background transfer `ticket` has finished by `seconds`.
  public mutating func isComplete(_ ticket: Int, by seconds: Double) -> Bool {
    precondition(ticket >= 0 && ticket < queued, "no background transfer \(ticket)")
    // Every transfer finished so far finished by the time the lane was last advanced to.
    assert(seconds >= idleCursor, "a lane asked about the past")
    advance(to: seconds)
    return ticket < head && !isCancelled(ticket)
  }

  /// Offers the idle time before `seconds` to background transfers, oldest first.
  @inline(__always) public mutating func advance(to seconds: Double) {
    guard seconds > idleCursor else { return }
    // With nothing queued, the offer would only move the cursor: done here, without the call.
    if head < queued { offerIdleTime(before: seconds) } else { idleCursor = seconds }
  }

  /// `advance(to:)` with the most common offer done in line: the oldest unfinished transfer,
  /// ready and not cancelled, moves through the whole idle time without finishing (anything else
  /// goes to `offerIdleTime`, which continues from where this stopped). For a policy's own
  /// bookkeeping, which asks the lane at every phase's start and end; the step loop's sends keep
  /// the smaller `advance`.
  @inline(__always) public mutating func advanceInLine(to seconds: Double) {
    guard seconds > idleCursor else { return }
    guard head < queued else {
      idleCursor = seconds
      return
    }
    let cursor = max(idleCursor, freeSeconds)
    let item = pending + (head & mask)
    let ready = item.pointee.readySeconds <= cursor
    if cursor < seconds, ready, seconds - cursor < item.pointee.remainingSeconds, !isCancelled(head),
      backgroundSpans == nil
    {
      let moved = cursor + progress(item, by: seconds - cursor, from: cursor)
      // The offer continues from there (rounding may leave a sliver).
      idleCursor = moved
      guard moved < seconds else {
        idleCursor = seconds
        return
      }
    }
    offerIdleTime(before: seconds)
  }

  private mutating func offerIdleTime(before seconds: Double) {
    var cursor = max(idleCursor, freeSeconds)
    while cursor < seconds {
      head = firstLive(from: head)
      guard head < queued else { break }
      let item = pending + (head & mask)
      cursor = max(cursor, item.pointee.readySeconds)
      guard cursor < seconds else { break }
      cursor += progress(item, by: min(item.pointee.remainingSeconds, seconds - cursor), from: cursor)
      guard item.pointee.remainingSeconds <= 0 else { continue }
      settled.recordBackground(item.pointee, share: 1)
      head &+= 1
    }
    idleCursor = seconds
  }

  /// Starts keeping the spans background transfers move in (`backgroundSpans`).
  public mutating func recordBackgroundSpans() { backgroundSpans = [] }

  /// The share of background transfer `item` that has moved (its bytes and transfers count in
  /// proportion to the time): all of it once finished, which needs no division.
  @inline(__always)
  private func movedShare(of item: Pending) -> Double {
    let total = busySeconds(bytes: item.bytes, count: item.count)
    return item.remainingSeconds <= 0 || total <= 0 ? 1 : (total - item.remainingSeconds) / total
  }

  /// Moves `seconds` of background transfer `item` from `cursor`: the lane's busy time counts
  /// them now, its bytes and transfers once the transfer finishes or is cancelled (no division
  /// for each piece the urgent transfers cut it into).
  @inline(__always)
  private mutating func progress(
    _ item: UnsafeMutablePointer<Pending>, by seconds: Double, from cursor: Double
  )
    -> Double
  {
    if backgroundSpans != nil { backgroundSpans!.append(cursor...(cursor + seconds)) }
    let before = item.pointee.remainingSeconds
    item.pointee.remainingSeconds = seconds >= before ? 0 : before - seconds
    if tracksBacklog { pendingSeconds -= before - item.pointee.remainingSeconds }
    settled.busySeconds += seconds
    return seconds
  }
}

/// The tickets a lane had finished when it was last advanced. A policy keeps a ticket only while
/// the transfer is wanted (cancelling it forgets the ticket), so a kept ticket that is finished
/// has arrived; no ticket (negative) never has. Branch-free: whether a copy has arrived is
/// data-dependent and mispredicts as a branch.
public struct FinishedTickets {
  let before: UInt

  /// Whether kept ticket `ticket` (or none, negative) has arrived.
  @inline(__always) public func contains(_ ticket: Int) -> Bool { UInt(bitPattern: ticket) < before }
}

/// What moved over one lane: busy time, bytes and transfers (background ones counted in
/// proportion to the part that moved), so that bytes = (busy - transfers * latency) * bandwidth.
public struct LaneUsage: Sendable, Equatable {
  public var busySeconds = 0.0
  public var bytes = 0.0
  public var transfers = 0.0
  /// The background part of `bytes` (prefetches and cache fills).
  public var backgroundBytes = 0.0

  public init() {}

  @inline(__always)
  mutating func record(seconds: Double, bytes: Double, transfers: Double, background: Bool) {
    busySeconds += seconds
    self.bytes += bytes
    self.transfers += transfers
    if background { backgroundBytes += bytes }
  }

  /// The bytes and transfers of `share` of a background transfer (its time counted as it moved).
  @inline(__always) mutating func recordBackground(_ item: LinkLane.Pending, share: Double) {
    record(seconds: 0, bytes: item.bytes * share, transfers: item.count * share, background: true)
  }
}

/// Both directions of the GPU-NDP (or GPU-host) link (one run's, like its lanes).
public struct LinkTimeline: ~Copyable {
  /// Toward the GPU: fetched and prefetched weights, partial sums, host results.
  public var toGPU: LinkLane
  /// From the GPU: activations to the NDP units or the host.
  public var fromGPU: LinkLane

  /// - Parameter tracksBacklog: whether the lane toward the GPU keeps its backlog
  ///   (`LinkLane.backlogSeconds`).
  public init(cost: CostModel, tracksBacklog: Bool = false) {
    toGPU = LinkLane(
      secondsPerByte: cost.linkSecondsPerByte, latencySeconds: cost.linkLatencySeconds,
      tracksBacklog: tracksBacklog)
    fromGPU = LinkLane(secondsPerByte: cost.linkSecondsPerByte, latencySeconds: cost.linkLatencySeconds)
  }

  /// Lets background transfers use the idle time up to the end of the run.
  public mutating func finish(at seconds: Double) {
    toGPU.advance(to: seconds)
    fromGPU.advance(to: seconds)
  }
}
