// The checks of supported living's bands: placement.band_accepts against the shares of homes
// (market.supported_living.band_shares), each group's need-band weights and the bands of the
// commissioning actions.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "scenarios/limits.hpp"
#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_schema.hpp"

namespace caremarket::scenarios::detail {

namespace {

/// A sum of shares as the person adding them would write it: rounded to 12 significant digits,
/// so that 0.4 + 0.4 + 0.4 reads 1.2, not the double sum 1.2000000000000002.
double sum_as_written(double sum) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.12g", sum);
  return std::strtod(text.data(), nullptr);
}

}  // namespace

void check_bands(Reader& r, const Scenario& s) {
  const auto& accepts = s.placement.band_accepts;
  const std::size_t property_bands = accepts.size();
  const std::size_t need_bands = accepts.empty() ? 0 : accepts.front().size();
  const std::string accepts_key = "placement.band_accepts";
  const auto sl = static_cast<std::size_t>(sim::Service::supported_living);
  const auto& shares = s.market[sl].band_shares;
  if (property_bands == 0) r.error_at(accepts_key, "needs at least one property band");
  // The bands' other checks read band_accepts: refused, it would only be blamed again, on the
  // lines that agree with what the user meant.
  const bool accepts_known = !r.refused_under(accepts_key);
  if (accepts_known && !shares.empty() && shares.size() != property_bands) {
    // On whichever of the two the user gave, naming where the other was given.
    const std::string shares_key = "market.supported_living.band_shares";
    const std::string at = r.blame({shares_key, accepts_key});
    const std::string counts =
        at == shares_key ? "has " + counted(shares.size(), "property band") +
                               " but placement.band_accepts has " + counted(property_bands, "row")
                         : "has " + counted(property_bands, "row") +
                               " (property bands) but market.supported_living.band_shares has " +
                               std::to_string(shares.size());
    r.error_at(at, counts + r.given_elsewhere(at, at == shares_key ? accepts_key : shares_key));
  }
  // An empty list gave every home to band 0 (and the run went on, its waiting lists changed).
  if (accepts_known && property_bands > 0 && shares.empty()) {
    r.error_at("market.supported_living.band_shares",
               "gives no share; placement.band_accepts has " + counted(property_bands, "row") +
                   " (property bands): give each a share of the homes, adding up to 1");
  }
  // Shares of the homes: they add up to 1 (a sum of 2.7 is not a share of anything).
  bool shares_add_up = true;
  if (!shares.empty()) {
    double sum = 0.0;
    for (const double x : shares) sum += x;
    shares_add_up = std::abs(sum - 1.0) <= 0.01;
    if (!shares_add_up) {
      r.error_at("market.supported_living.band_shares", "the shares add up to " +
                                                            message_number(sum_as_written(sum)) +
                                                            "; they must add up to 1");
    }
  }
  std::vector<bool> needed(need_bands, false);
  std::string weights_differ;
  for (std::size_t gi = 0; gi < sim::group_count; ++gi) {
    const auto& w = s.demand[sl][gi].need_band_weights;
    const std::string key = "demand.supported_living." + group_names[gi] + ".need_band_weights";
    // A group with nobody in care and no referrals draws no need band: its weights are read
    // once it is given people (a --set, a sample's row), and checked then.
    const GroupDemand& g = s.demand[sl][gi];
    if (!(g.initial_people > 0.0 || g.referrals_per_year > 0.0)) continue;
    // An empty list put everyone in need band 0.
    if (w.empty()) {
      if (accepts_known && need_bands > 0) {
        r.error_at(key, "gives no weight; placement.band_accepts has " +
                            counted(need_bands, "column") +
                            " (need bands): give each a weight, not all 0");
      }
      continue;
    }
    if (w.size() != need_bands) {
      if (accepts_known && r.blame({key, accepts_key}) == key) {
        r.error_at(key, "has " + counted(w.size(), "need band") +
                            " but placement.band_accepts has " + counted(need_bands, "column") +
                            r.given_elsewhere(key, accepts_key));
      } else if (accepts_known) {
        // The user changed band_accepts: one error there, naming each group it disagrees with.
        weights_differ += (weights_differ.empty() ? "" : "; ") + key + " has " +
                          std::to_string(w.size()) + " (" + r.location(key) + ")";
      }
      continue;
    }
    // The run draws each person's need band from these weights: all zero draws nothing.
    if (std::all_of(w.begin(), w.end(), [](double x) { return x <= 0.0; })) {
      r.error_at(key, "the weights add up to 0; at least one need band must have a weight > 0");
      continue;
    }
    for (std::size_t j = 0; j < w.size(); ++j) needed[j] = needed[j] || w[j] > 0.0;
  }
  if (!weights_differ.empty()) {
    r.error_at(accepts_key,
               "has " + counted(need_bands, "column") + " (need bands) but " + weights_differ);
  }
  // Shares of another number of bands, or that do not add up to 1, were refused above: which
  // bands have homes is not known.
  const bool shares_known = shares.empty() || (shares.size() == property_bands && shares_add_up);
  for (std::size_t j = 0; j < need_bands && accepts_known && shares_known; ++j) {
    if (!needed[j]) continue;
    bool housed = false;
    for (std::size_t i = 0; i < property_bands; ++i) {
      const bool has_homes = shares.empty() || (i < shares.size() && shares[i] > 0.0);
      housed = housed || (accepts[i][j] && has_homes);
    }
    if (!housed) {
      const std::string shares_key = "market.supported_living.band_shares";
      const std::string at = r.blame({accepts_key, shares_key});
      r.error_at(at, "need band " + std::to_string(j) +
                         " has demand but no property band with homes (a share of "
                         "market.supported_living.band_shares above 0) accepts it in "
                         "placement.band_accepts" +
                         r.given_elsewhere(at, at == accepts_key ? shares_key : accepts_key));
    }
  }
  using Kind = sim::ActionSpec::Kind;
  for (std::size_t i = 0; i < s.actions.size(); ++i) {
    const sim::ActionSpec& a = s.actions[i];
    const std::string path = "actions[" + std::to_string(i) + "]";
    if (a.kind == Kind::rate_change || r.refused_under(path + ".kind")) continue;
    if (a.service == sim::Service::supported_living &&
        static_cast<std::size_t>(a.band) >= std::max<std::size_t>(property_bands, 1)) {
      r.error_at(path + ".band",
                 "property band " + std::to_string(a.band) + " does not exist (bands 0.." +
                     std::to_string(property_bands == 0 ? 0 : property_bands - 1) + ")");
    }
    // An action that adds capacity must add some: one of no capacity would be a provider
    // counted as an entry and in no provider figure (as data files refuse 0 hours and 0 homes).
    // A value not given is said to be missing, not to be the 0 it defaults to.
    // The hours make one branch, held to a branch's limits as a data file's are.
    // A value refused as read (nan, a string) is not also quoted as the 0 it was left at.
    if (a.service == sim::Service::homecare && !r.refused_under(path + ".hours_per_week") &&
        (a.hours_per_week < limits::min_branch_hours_per_week ||
         a.hours_per_week > limits::max_branch_hours_per_week)) {
      const bool given = r.where().contains(path + ".hours_per_week");
      const std::string range = limits::text(limits::min_branch_hours_per_week) + " to " +
                                limits::text(limits::max_branch_hours_per_week);
      r.error_at(path + ".hours_per_week",
                 "an action of kind \"" +
                     std::string(a.kind == Kind::in_house ? "in_house" : "block_purchase") +
                     "\" adds homecare hours: " +
                     (given ? "from " + range + " hours a week (one branch), found " +
                                  detail::message_number(a.hours_per_week)
                            : "it needs hours_per_week = <hours a week, " + range + ">"));
    }
    if (a.service == sim::Service::supported_living && a.properties < 1) {
      const bool given = r.where().contains(path + ".properties");
      r.error_at(path + ".properties",
                 given ? "an action that adds supported-living properties must add at least 1, "
                         "found " +
                             std::to_string(a.properties)
                       : std::string("an action that adds supported-living properties needs "
                                     "properties = <count, at least 1>"));
    }
  }
}

/// The external districts of a scenario's geography data (Medway for Kent), code to name, whether
/// or not geography.include_external keeps them as nodes.

}  // namespace caremarket::scenarios::detail
