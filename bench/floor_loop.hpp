#pragma once
// The benchmark's floor: what an event costs with no market at all. A bare discrete-event loop
// over the engine's own event queue (sim/event_queue.hpp) and counter-based streams
// (sim/random.hpp) that makes, per referral, the draws the engine makes for a new person
// (package and its growth, need band, return-to-contract, acceptance, length of stay, next
// arrival by the engine's own inversion of a growing rate, sim::next_arrival), per person
// already in care those of the starting caseload, and at each month's end the month tick's
// draws for the starting market (each provider's two exit draws, each drifting branch's
// workforce step); no placement, queues, providers' state, spend or metrics. It runs exactly as
// many events as it is told (the number a replication of the engine reported), so the engine's
// events a second divided by the floor's is the share of the bare event loop's speed the engine
// keeps.

#include <cstdint>

#include "sim/params.hpp"

namespace caremarket::bench {

struct FloorRun {
  std::uint64_t events = 0;  // events taken off the queue
  double checksum = 0.0;     // of the draws, so that none of them can be optimised away
};

/// Runs the floor loop of `params`' demand streams for replication `replication` until
/// `events` events have come off the queue (the queue runs past the horizon if it must).
FloorRun run_floor(const sim::ModelParams& params, std::int64_t replication, std::uint64_t events);

}  // namespace caremarket::bench
