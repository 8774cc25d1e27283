#pragma once
// The market's state during one replication: providers, their homecare branches, supported-
// living properties and the people they serve.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/params.hpp"
#include "sim/random.hpp"

namespace caremarket::sim {

inline constexpr std::uint32_t none = 0xFFFFFFFFu;

struct Provider {
  std::string name;
  ProviderKind kind = ProviderKind::framework;
  bool active = true;
  double rate_factor = 1.0;
  double cost_factor = 1.0;
  double joined_days = 0.0;
  std::vector<std::uint32_t> branches;    // homecare capacity, one per district served
  std::vector<std::uint32_t> properties;  // supported-living properties
  RandomStream exit_stream;
};

/// A provider's homecare capacity in one district.
struct Branch {
  std::uint32_t provider = 0;
  DistrictIndex district = 0;
  double capacity = 0.0;   // hours a week it can take: its workforce, or more while committed
  double workforce = 0.0;  // hours a week its workforce could deliver; drifts month by month
  double used = 0.0;       // hours a week of packages placed here
  bool block_purchased = false;
  bool active = true;
  std::vector<std::uint32_t> clients;
  RandomStream workforce_stream;
  [[nodiscard]] double free() const { return active ? capacity - used : 0.0; }
};

enum class PropertyStatus : std::uint8_t { pipeline, open, closed };

struct Property {
  std::uint32_t provider = 0;
  DistrictIndex district = 0;
  int band = 0;
  int homes = 0;
  int occupied = 0;
  PropertyStatus status = PropertyStatus::open;
  std::vector<std::uint32_t> clients;
  [[nodiscard]] int free() const { return status == PropertyStatus::open ? homes - occupied : 0; }
};

enum class ClientState : std::uint8_t { waiting, placed, ended };

struct Client {
  std::uint32_t stream = 0;  // index of its DemandStream
  std::uint64_t serial = 0;  // unique within the replication: stream << 32 | arrival number
  DistrictIndex district = 0;
  Service service = Service::homecare;
  std::uint8_t need_band = 0;
  double package = 0.0;  // hours a week (homecare) or support hours a week
  double referral_days = 0.0;
  double end_days = 0.0;         // when the need ends
  double wait_start_days = 0.0;  // when it last started waiting
  ClientState state = ClientState::ended;
  PlacementTier tier = PlacementTier::local_contract;
  bool displaced = false;  // waits with priority
  bool ever_placed = false;
  bool returns_to_contract = true;  // drawn once: will move back to contract when offered
  bool home_declined = false;       // a contracted provider at home declined to take them back
  double acceptance_draw = 0.0;     // uniform, fixed for the person: offers accepted below p
  std::uint32_t location = none;    // branch (homecare) or property (supported living)
  std::uint32_t slot = 0;           // position in its location's client list
  std::uint32_t generation = 0;     // bumped when the slot is reused; stale events are ignored
  std::uint64_t queue_key = 0;      // position in a waiting or off-contract queue
};

inline bool is_contract(PlacementTier t) {
  return t == PlacementTier::local_contract || t == PlacementTier::neighbour_contract;
}
inline bool is_contracted(ProviderKind k) {
  return k != ProviderKind::spot;
}

}  // namespace caremarket::sim
