// A periodic check script guarded by a key its own full run sets with a TTL equal to the check's
// interval (BullMQ's and Bull's stalled-jobs checkers: EXISTS <q>:stalled-check, then SET ... PX
// interval and the real work). The next check lands within a millisecond of the key's expiry, so
// some cycles find it still there and stop after EXISTS: `full` of every `of` cycles run in full (the
// share measured on the recordings), spread evenly.
#pragma once
#include "core/engine/recorder.hpp"

namespace core {

// Checks at first, first + period, ... before close: `every_cycle` on each, `full_run` on `full` of
// every `of` of them (the of-th, 2of-th, ... find the key).
void emit_guard_key_check(Recorder& rec, sim::Time first, sim::Duration period, sim::Time close, BundleId every_cycle,
                          BundleId full_run, int full, int of);

}  // namespace core
