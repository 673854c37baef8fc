#include "core/models/poll_system.hpp"

#include <algorithm>
#include <climits>
#include <set>

namespace core {

std::shared_ptr<PollSystem> PollSystem::of(ModelContext& ctx) {
  // The components of one run share one system, kept in the run's SharedState.
  auto& slot = ctx.shared.objects["poll_system"];
  if (slot) return std::static_pointer_cast<PollSystem>(slot);
  auto sys = std::make_shared<PollSystem>();
  sys->ctx_ = &ctx;
  slot = sys;
  // The end-of-period resolve holds the system until it has run.
  sim::Time end = ctx.end;
  ctx.sim.at(end - 1, [sys, end] { sys->resolve(end); }, INT_MAX);
  return sys;
}

void emit_found_transfers(ModelContext& ctx, const PollState& state, sim::Time t,
                          const std::vector<const Transfer*>& found) {
  std::set<int> keys, groups;
  for (const Transfer* tr : found) {
    keys.insert(tr->key);
    groups.insert(tr->group);
  }
  FoundCost c = found_cost(state, found.size(), keys.size(), groups.size());
  static const CommandId xadd = *find_command("XADD"), set = *find_command("SET"), hmset = *find_command("HMSET");
  if (c.xadd) ctx.rec.emit(t, ctx.component, xadd, c.xadd);
  if (c.set) ctx.rec.emit(t, ctx.component, set, c.set);
  if (c.hmset) ctx.rec.emit(t, ctx.component, hmset, c.hmset);
}

int PollSystem::group_id(const std::string& name) {
  for (std::size_t i = 0; i < groups_.size(); ++i)
    if (groups_[i] == name) return static_cast<int>(i);
  groups_.push_back(name);
  return static_cast<int>(groups_.size() - 1);
}

void PollSystem::generate_transfers(const TransferSpec& spec, const PollState& state, ModelContext& ctx) {
  sim::ArrivalProfile profile = spec.arrivals;
  if (!spec.zone_given) profile.zone = ctx.zone;
  std::vector<sim::Time> at = sim::generate_arrivals(profile, ctx.start, ctx.end, ctx.rng);
  std::vector<int> gid;
  for (const auto& r : state.restaurants) gid.push_back(group_id(r));
  const auto envs = static_cast<std::int64_t>(state.environments.size());
  const auto curs = static_cast<std::int64_t>(state.currencies.size());
  std::vector<Transfer> out;
  out.reserve(at.size());
  for (sim::Time t : at) {
    Transfer tr;
    tr.at = t;
    auto g = static_cast<std::size_t>(ctx.rng.integer(0, static_cast<std::int64_t>(gid.size()) - 1));
    std::int64_t env = 0;
    if (envs > 1 && spec.dev_share > 0 && ctx.rng.bernoulli(spec.dev_share)) env = ctx.rng.integer(1, envs - 1);
    std::int64_t cur = ctx.rng.integer(0, curs - 1);
    tr.group = gid[g];
    tr.production = env == 0;
    tr.key = static_cast<int>((gid[g] * 256 + env) * 256 + cur);
    out.push_back(tr);
  }
  add_transfers(out);
}

void PollSystem::acquire(const void* owner, const std::string& name, sim::Time t) {
  holder_ = owner;
  lock_expires_ = sim::kNever;
  lock_log_.push_back({t, name});
  ctx_->shared.owners["poller.lock"] = name;
  ctx_->shared.times["poller.heartbeat"] = t;
  ctx_->shared.times["poller.lock.expires"] = sim::kNever;
}

void PollSystem::release(const void* owner, sim::Time expires) {
  if (holder_ != owner) return;
  holder_ = nullptr;
  lock_expires_ = expires;
  ctx_->shared.times["poller.lock.expires"] = expires;
  if (expires >= ctx_->end || expires <= ctx_->sim.now()) return;
  // When the TTL runs out, the first attempt by a waiting open page takes the lock over.
  ctx_->sim.at(expires, [this, expires] {
    if (!lock_free(ctx_->sim.now())) return;
    lock_log_.push_back({expires, ""});
    ctx_->shared.owners["poller.lock"] = "";
    sim::Time best = sim::kNever;
    LockContender* who = nullptr;
    int page = -1;
    for (LockContender* c : contenders_) {
      auto [t, p] = c->next_attempt(expires);
      if (t < best) {
        best = t;
        who = c;
        page = p;
      }
    }
    if (!who || best >= ctx_->end) return;
    ctx_->sim.at(best, [this, who, page] {
      if (lock_free(ctx_->sim.now())) who->take(page, ctx_->sim.now());
    }, 3);
  }, 2);
}

bool PollSystem::fresh_at(sim::Time t, sim::Duration fresh_for) const {
  // The last run whose first poll is before t, then earlier ones while they can still be fresh.
  auto it = std::lower_bound(runs_.begin(), runs_.end(), t,
                             [](const HeartbeatRun& r, sim::Time v) { return r.first < v; });
  while (it != runs_.begin()) {
    --it;
    if (it->last + fresh_for <= t) return false;  // runs are ordered, so earlier ones are older
    std::int64_t k = (t - 1 - it->first) / it->period;
    sim::Time w = std::min(it->last, it->first + k * it->period);
    if (t - w < fresh_for) return true;
  }
  return false;
}

void PollSystem::resolve(sim::Time end) {
  for (auto& f : finishers_) f(end);
  std::stable_sort(runs_.begin(), runs_.end(), [](const HeartbeatRun& a, const HeartbeatRun& b) { return a.first < b.first; });
  for (auto& p : pollers_) p->prepare();

  // Each transfer is found by the first poll after it lands (lower tie rank first at equal times).
  std::stable_sort(transfers_.begin(), transfers_.end(), [](const Transfer& a, const Transfer& b) { return a.at < b.at; });
  struct Hit {
    int poller;
    sim::Time t;
    const Transfer* tr;
  };
  std::vector<Hit> hits;
  hits.reserve(transfers_.size());
  for (const Transfer& tr : transfers_) {
    sim::Time best = sim::kNever;
    int who = -1, rank = INT_MAX;
    for (std::size_t i = 0; i < pollers_.size(); ++i) {
      sim::Time t = pollers_[i]->next_find(tr.at, tr);
      int r = pollers_[i]->tie_rank();
      if (t < best || (t == best && t != sim::kNever && r < rank)) {
        best = t;
        who = static_cast<int>(i);
        rank = r;
      }
    }
    finds_.push_back({tr.at, best, tr.group, who});
    if (who >= 0) hits.push_back({who, best, &tr});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.poller != b.poller ? a.poller < b.poller : a.t < b.t;
  });

  // The polls that found something publish it (XADD per transfer) and write the lastIds; each
  // (poll, group) publication is one batch on that group's stream.
  std::map<std::pair<int, sim::Time>, std::uint64_t> batches;  // (group, time) -> messages
  for (std::size_t i = 0; i < hits.size();) {
    std::size_t j = i;
    std::vector<const Transfer*> found;
    while (j < hits.size() && hits[j].poller == hits[i].poller && hits[j].t == hits[i].t) found.push_back(hits[j++].tr);
    pollers_[static_cast<std::size_t>(hits[i].poller)]->emit_found(hits[i].t, found);
    for (const Transfer* tr : found) ++batches[{tr->group, hits[i].t}];
    i = j;
  }

  // Each batch is read by the first sync after it, among the readers of its stream.
  for (const auto& [key, messages] : batches) {
    auto [group, t] = key;
    sim::Time best = sim::kNever;
    int who = -1, session = -1;
    for (std::size_t i = 0; i < readers_.size(); ++i) {
      auto [rt, s] = readers_[i]->next_read(group, t);
      if (rt < best) {
        best = rt;
        who = static_cast<int>(i);
        session = s;
      }
    }
    if (who >= 0 && best < end) readers_[static_cast<std::size_t>(who)]->deliver(session, best);
    reads_.push_back({group, t, best < end ? best : sim::kNever, messages});
  }
  for (auto& r : readers_) r->emit_syncs();
  for (auto& p : pollers_) p->emit();
  resolved_ = true;
}

}  // namespace core
