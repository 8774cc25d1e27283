#pragma once
// A tournament tree over a list of values: the largest value and the first position holding it,
// in O(1), after an O(log n) update of one value. The placement search keeps one per district,
// service and kind of provider, over the district's locations in order, so that "the first of
// the most spare locations" is found without scanning the district.

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace caremarket::sim {

class MaxTree {
 public:
  static constexpr double absent = -std::numeric_limits<double>::infinity();

  /// Replaces every value by `values`, in order, in O(n): the tree push_back would build.
  void assign(const std::vector<double>& values) {
    size_ = values.size();
    leaves_ = 4;
    while (leaves_ < size_) leaves_ *= 2;
    nodes_.assign(2 * leaves_, Node{});
    for (std::size_t i = 0; i < leaves_; ++i)
      nodes_[leaves_ + i] = Node{i < size_ ? values[i] : absent, static_cast<std::uint32_t>(i)};
    rebuild();
  }
  /// Appends a value at the next position.
  void push_back(double value) {
    if (size_ == leaves_) grow();
    set(size_++, value);
  }
  /// Sets the value at a position < size().
  void set(std::size_t position, double value) {
    std::size_t node = leaves_ + position;
    if (nodes_[node].value == value) return;
    nodes_[node].value = value;
    // Up the tree, until a node's winner is as it was (then so are its ancestors').
    for (node /= 2; node >= 1; node /= 2) {
      const Node winner = better(nodes_[2 * node], nodes_[2 * node + 1]);
      if (winner.value == nodes_[node].value && winner.position == nodes_[node].position) break;
      nodes_[node] = winner;
    }
  }
  /// Sets the value at a position < size() without updating the tree: call rebuild() before
  /// the next query or set().
  void set_deferred(std::size_t position, double value) {
    nodes_[leaves_ + position].value = value;
  }
  /// Brings the tree up to date after set_deferred(), in O(n).
  void rebuild() {
    if (leaves_ == 0) return;
    for (std::size_t node = leaves_ - 1; node >= 1; --node)
      nodes_[node] = better(nodes_[2 * node], nodes_[2 * node + 1]);
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  /// The largest value (absent when every value is absent or there are none) ...
  [[nodiscard]] double max() const { return leaves_ == 0 ? absent : nodes_[1].value; }
  /// The first position whose value is at least `threshold`, or size() when there is none.
  [[nodiscard]] std::size_t first_at_least(double threshold) const {
    if (leaves_ == 0 || !(nodes_[1].value >= threshold)) return size_;
    std::size_t node = 1;
    while (node < leaves_) node = nodes_[2 * node].value >= threshold ? 2 * node : 2 * node + 1;
    return node - leaves_;
  }
  /// ... and the first position holding it.
  [[nodiscard]] std::size_t first_max() const { return leaves_ == 0 ? 0 : nodes_[1].position; }

 private:
  struct Node {
    double value = absent;
    std::uint32_t position = 0;
  };
  // a holds earlier positions than b: on a tie, a's is the first.
  static Node better(const Node& a, const Node& b) { return b.value > a.value ? b : a; }
  void grow() {
    const std::size_t leaves = leaves_ == 0 ? 4 : 2 * leaves_;
    std::vector<Node> nodes(2 * leaves);
    for (std::size_t i = 0; i < size_; ++i) nodes[leaves + i] = nodes_[leaves_ + i];
    for (std::size_t i = size_; i < leaves; ++i)
      nodes[leaves + i] = Node{absent, static_cast<std::uint32_t>(i)};
    leaves_ = leaves;
    nodes_ = std::move(nodes);
    for (std::size_t node = leaves_ - 1; node >= 1; --node)
      nodes_[node] = better(nodes_[2 * node], nodes_[2 * node + 1]);
  }

  std::vector<Node> nodes_;  // 1-based heap layout; leaves at leaves_ .. 2 leaves_ - 1
  std::size_t leaves_ = 0;
  std::size_t size_ = 0;
};

}  // namespace caremarket::sim
