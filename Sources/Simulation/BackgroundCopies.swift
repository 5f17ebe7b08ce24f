import Basics

/// Experts whose weights come to GPU memory as background transfers (prefetches): per (layer,
/// expert), whether its data is there, and its transfer while one is under way. The one place
/// that decides when such a copy counts as arrived, and what a fetch for compute does to it.
final class BackgroundCopies {
  let experts: Int
  /// Which experts' data is in GPU memory, by layer (the residency flags a phase places with).
  let present: ResidencyFlags
  /// `present`'s flags, `layer * experts + expert`.
  private let flags: UnsafeMutablePointer<Bool>
  private let storage: RawStorage<Int32>
  /// Per (layer, expert): the ticket of its transfer under way, else -1 (32 bits: half the
  /// memory the step loop touches here at random, and a run queues far fewer than 2^31).
  private let tickets: UnsafeMutablePointer<Int32>

  init(layers: Int, experts: Int) {
    self.experts = experts
    present = ResidencyFlags(layers: layers, experts: experts)
    flags = present.base
    storage = RawStorage(repeating: -1, count: layers * experts)
    tickets = storage.pointer
  }

  /// Queues `expert`'s copy for `layer` on the link toward the GPU, from `seconds`.
  @inline(__always)
  func queue(layer: Int, expert: Int, bytes: Double, at seconds: Double, links: inout LinkTimeline) {
    let ticket = links.toGPU.enqueue(bytes: bytes, at: seconds) ?? -1
    precondition(ticket < Int(Int32.max), "more background transfers than a run can queue")
    tickets[layer &* experts &+ expert] = Int32(truncatingIfNeeded: ticket)
  }

  /// How many of `chosen` (experts of `layer`) are in GPU memory by `seconds`. Branch-free:
  /// whether a copy has arrived is data-dependent and mispredicts as a branch.
  func presentCount<Chosen: Sequence<UInt16>>(
    of chosen: Chosen, layer: Int, by seconds: Double, links: inout LinkTimeline
  ) -> Int {
    links.toGPU.advance(to: seconds)
    // Cancelling a copy clears its ticket (`FinishedTickets`).
    let finished = links.toGPU.finished
    var count = 0
    for e in chosen {
      let slot = layer &* experts &+ Int(e)
      let arrived = finished.contains(Int(tickets[slot]))
      tickets[slot] = arrived ? -1 : tickets[slot]
      flags[slot] = flags[slot] || arrived
      count &+= Int(unsafeBitCast(flags[slot], to: UInt8.self))
    }
    return count
  }

  /// The experts of `layer` a phase starting at `seconds` fetches for compute are in GPU memory
  /// for it: a copy of one under way is moot and cancelled then. Returns how many had one.
  @discardableResult
  func fetched(
    _ fetches: UnsafeBufferPointer<UInt16>, layer: Int, at seconds: Double, links: inout LinkTimeline
  ) -> Int {
    var completed = 0
    for e in fetches {
      let slot = layer &* experts &+ Int(e)
      guard tickets[slot] >= 0 else { continue }
      links.toGPU.cancel(Int(tickets[slot]), at: seconds)
      arrive(slot)
      completed &+= 1
    }
    return completed
  }

  /// `expert`'s data is in GPU memory at `seconds` (fetched for compute); a copy of it under way
  /// is moot and cancelled.
  func hold(layer: Int, expert: Int, at seconds: Double, links: inout LinkTimeline) {
    let slot = layer &* experts &+ expert
    if tickets[slot] >= 0 { links.toGPU.cancel(Int(tickets[slot]), at: seconds) }
    arrive(slot)
  }

  /// `expert`'s data leaves GPU memory at `seconds`; a copy of it under way is cancelled then.
  @inline(__always)
  func drop(layer: Int, expert: Int, at seconds: Double, links: inout LinkTimeline) {
    links.toGPU.advance(to: seconds)
    let slot = layer &* experts &+ expert
    links.toGPU.cancelAtCursor(Int(tickets[slot]))
    tickets[slot] = -1
    flags[slot] = false
  }

  @inline(__always) private func arrive(_ slot: Int) {
    tickets[slot] = -1
    flags[slot] = true
  }
}
